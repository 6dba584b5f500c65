package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Person;
import dev.facenet.embed.FaceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade opens its networks on first use and its gallery file when it is first needed: listing
 * and removing people loads no network, a gallery file is not created by reading a threshold, and
 * threads that all want the encoder at once get one.
 */
class LazyOpeningTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");

  @TempDir Path dir;

  @Test
  void theGalleryIsUsableWithoutTheNetworks() {
    Path db = dir.resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(db).wholeImage(true).build()) {
      assertThat(db).as("not created before it is used").doesNotExist();
      assertThat(faces.calibratedThreshold()).isEmpty();
      assertThat(db).as("not created to read a threshold").doesNotExist();
      faces.enroll("shivi", SEED.resolve("shivi.jpg"));
    }
    // Weights that do not exist: the gallery-only calls work, the first encoding says what is
    // wrong.
    try (FaceNet faces =
        FaceNet.builder()
            .model("nn4-small2")
            .weights(dir.resolve("none"))
            .existingGallery(db)
            .build()) {
      assertThat(faces.people()).extracting(Person::name).containsExactly("shivi");
      assertThat(faces.warning()).isEmpty();
      assertThatThrownBy(() -> faces.encode(SEED.resolve("shivi.jpg")))
          .hasMessageContaining(dir.resolve("none").toString());
      Person removed = faces.remove("shivi");
      assertThat(removed.encodings()).isEqualTo(1);
      assertThat(removed.models()).containsExactly("resnet/whole-image");
      assertThatThrownBy(() -> faces.remove("shivi"))
          .isInstanceOf(FaceNetException.class)
          .hasMessage("unknown name 'shivi': not in the gallery");
      assertThat(faces.people()).isEmpty();
    }
  }

  @Test
  void locatingFacesNeverLoadsTheEncoder() {
    Path photo = SEED.resolve("kevin.jpg");
    List<Face> encoded;
    try (FaceNet faces = FaceNet.builder().build()) {
      encoded = faces.faces(FaceNet.read(photo));
    }
    // Weights that do not exist: only a call that encodes would find out.
    try (FaceNet faces =
        FaceNet.builder().model("nn4-small2").weights(dir.resolve("none")).build()) {
      faces.prepare();
      assertThat(faces.crop()).isEqualTo("dlib-chip-96-pad0.6");
      assertThat(faces.threshold()).isEqualTo(FaceNet.DEFAULT_THRESHOLD);
      List<Face> located = faces.locate(FaceNet.read(photo));
      assertThat(located).hasSize(1);
      assertThat(located.get(0).embedding()).isNull();
      assertThat(located.get(0).box()).isEqualTo(encoded.get(0).box());
      assertThat(located.get(0).landmarks()).isEqualTo(encoded.get(0).landmarks());
      assertThat(located.get(0).foundBy()).isEqualTo(encoded.get(0).foundBy());
      assertThat(faces.warning()).isEmpty();
    } // closing does not report the weights: nothing needed them
    try (FaceNet faces =
        FaceNet.builder().model("nn4-small2").weights(dir.resolve("none")).build()) {
      assertThatThrownBy(() -> faces.faces(FaceNet.read(photo)))
          .hasMessageContaining(dir.resolve("none").toString());
    }
  }

  @Test
  void aPhotoSearchWithoutAFaceStillReportsBadWeightsWhenClosed() throws Exception {
    Path blank = dir.resolve("blank.png");
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        blank.toFile());
    FaceNet faces = FaceNet.builder().model("nn4-small2").weights(dir.resolve("none")).build();
    assertThat(faces.faces(FaceNet.read(blank))).isEmpty();
    assertThatThrownBy(faces::close).hasMessageContaining(dir.resolve("none").toString());
  }

  @Test
  void anExistingGalleryMustExist() {
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(() -> FaceNet.builder().existingGallery(missing).build())
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void threadsThatAskAtOnceShareOneEncoder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FaceNet faces = FaceNet.builder().wholeImage(true).build()) {
      List<Future<FaceEncoder>> asked = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        asked.add(pool.submit(faces::encoder));
      }
      Set<FaceEncoder> got = new HashSet<>();
      for (Future<FaceEncoder> f : asked) {
        got.add(f.get());
      }
      assertThat(got).hasSize(1);
      faces.close();
      assertThatThrownBy(faces::encoder).isInstanceOf(IllegalStateException.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.exists(dir.resolve("people.db"))).isFalse();
  }
}
