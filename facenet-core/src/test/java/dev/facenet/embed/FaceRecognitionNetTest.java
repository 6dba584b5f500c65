package dev.facenet.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ResNet encoder's contract on real faces: shapes, determinism, batching, threads, and that it
 * tells people apart.
 */
class FaceRecognitionNetTest {
  private static FaceRecognitionNet net;

  @BeforeAll
  static void open() {
    net = FaceRecognitionNet.pretrained();
  }

  @AfterAll
  static void close() {
    net.close();
  }

  static Path shared(String file) {
    return Path.of(System.getProperty("facenet.shared"), "fixtures", file);
  }

  static BufferedImage orl(String person, int picture) {
    return ImageLoader.load(shared("orl/" + person + "/" + picture + ".pgm"));
  }

  @Test
  void isRegisteredAsTheDefaultModel() {
    assertThat(FaceEncoders.names()).contains("resnet");
    assertThat(FaceEncoders.DEFAULT).isEqualTo("resnet");
    try (FaceEncoder e = FaceEncoders.open("resnet", EncoderOptions.defaults())) {
      assertThat(e.name()).isEqualTo("resnet");
      assertThat(e.inputSize()).isEqualTo(150);
      assertThat(e.dimension()).isEqualTo(128);
      assertThat(e.warning()).isEmpty();
      float[] viaProvider = e.encode(orl("s3", 1));
      assertThat(viaProvider).containsExactly(net.encode(orl("s3", 1)));
    }
  }

  @Test
  void oneRowOf128FiniteNumbersPerPictureNotNormalised() {
    List<BufferedImage> faces =
        List.of(
            orl("s1", 1),
            ImageLoader.load(shared("seed-images/danielle.png")),
            ImageLoader.load(shared("yale/subject03/happy.gif")));
    float[][] out = net.encode(faces);
    assertThat(out).hasNumberOfRows(3);
    for (float[] row : out) {
      assertThat(row).hasSize(128);
      double norm = 0;
      for (float v : row) {
        assertThat(Float.isFinite(v)).isTrue();
        norm += v * v;
      }
      // face-api's descriptors are not unit length (about 1.4).
      assertThat(Math.sqrt(norm)).isBetween(1.0, 2.0);
    }
    assertThat(net.encode(List.of())).isEmpty();
  }

  @Test
  void samePictureGivesTheSameDescriptor() {
    BufferedImage face = ImageLoader.load(shared("seed-images/shivi_test.jpg"));
    float[] first = net.encode(face);
    float[] second = net.encode(face);
    assertThat(second).containsExactly(first);
    // The same picture in a batch with others: the same numbers up to float rounding.
    float[][] batch = net.encode(List.of(orl("s4", 1), face, orl("s5", 2)));
    for (int k = 0; k < 128; k++) {
      assertThat(batch[1][k]).isCloseTo(first[k], within(1e-5f));
    }
  }

  @Test
  void listsLongerThanOneBatchAreCutIntoBatches() {
    List<BufferedImage> faces = new ArrayList<>();
    for (int i = 0; i < FaceRecognitionNet.MAX_BATCH + 3; i++) {
      faces.add(orl("s" + (1 + i % 40), 1 + i / 40));
    }
    float[][] all = net.encode(faces);
    assertThat(all).hasNumberOfRows(faces.size());
    int last = faces.size() - 1;
    float[] alone = net.encode(faces.get(last));
    for (int k = 0; k < 128; k++) {
      assertThat(all[last][k]).isCloseTo(alone[k], within(1e-5f));
    }
  }

  @Test
  void threadsMayEncodeAtTheSameTime() throws Exception {
    List<BufferedImage> faces = List.of(orl("s6", 1), orl("s7", 1), orl("s8", 1), orl("s9", 1));
    float[][] expected = net.encode(faces);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (BufferedImage f : faces) {
          results.add(pool.submit(() -> net.encode(f)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        float[] got = results.get(i).get();
        float[] want = expected[i % faces.size()];
        for (int k = 0; k < 128; k++) {
          assertThat(got[k]).isCloseTo(want[k], within(1e-5f));
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void differentPeopleAreFartherApartThanTheSamePersonTwice() {
    // ORL s1 and s2, all ten pictures each, every picture taken whole.
    List<BufferedImage> faces = new ArrayList<>();
    for (String person : List.of("s1", "s2")) {
      for (int i = 1; i <= 10; i++) {
        faces.add(orl(person, i));
      }
    }
    float[][] e = net.encode(faces);
    double same = 0;
    double different = 0;
    int sameCount = 0;
    int differentCount = 0;
    for (int i = 0; i < 20; i++) {
      int nearest = -1;
      double nearestDistance = Double.MAX_VALUE;
      for (int j = 0; j < 20; j++) {
        if (i == j) {
          continue;
        }
        double d = Embedding.distance(e[i], e[j]);
        if (d < nearestDistance) {
          nearestDistance = d;
          nearest = j;
        }
        if (j > i) {
          if ((i < 10) == (j < 10)) {
            same += d;
            sameCount++;
          } else {
            different += d;
            differentCount++;
          }
        }
      }
      assertThat(nearest < 10)
          .as("nearest other picture to ORL picture " + i + " is the same person")
          .isEqualTo(i < 10);
    }
    assertThat(same / sameCount).isLessThan(different / differentCount - 0.1);
    // And one pair by hand: s2's first two pictures are closer than s1's first and s2's first.
    assertThat(Embedding.distance(e[10], e[11])).isLessThan(Embedding.distance(e[0], e[10]));
  }

  @Test
  void weightsFolderInFaceApiFormatGivesTheSameNetwork() {
    Path model = Path.of(System.getProperty("facenet.package"), "model");
    try (FaceEncoder fromFolder =
        new FaceRecognitionNetProvider().open(EncoderOptions.withWeights(model))) {
      BufferedImage face = orl("s10", 3);
      assertThat(fromFolder.encode(face)).containsExactly(net.encode(face));
    }
  }

  @Test
  void missingWeightsFolderIsAClearError() {
    Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-facenet-weights");
    assertThatThrownBy(
            () -> new FaceRecognitionNetProvider().open(EncoderOptions.withWeights(missing)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("no-such-facenet-weights")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aClosedEncoderRefusesWork() {
    FaceRecognitionNet other = FaceRecognitionNet.pretrained();
    other.close();
    other.close();
    assertThatThrownBy(() -> other.encode(orl("s1", 1))).isInstanceOf(IllegalStateException.class);
  }
}
