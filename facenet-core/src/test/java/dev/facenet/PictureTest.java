package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.ContentHash;
import dev.facenet.common.Enrolment;
import dev.facenet.common.FaceNetException;
import dev.facenet.gallery.SqliteGallery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A picture given as bytes (an upload) is read, checked and answered exactly as the same file: the
 * same faces and encodings bit for bit, the same stored hash, and bad bytes refused with a one-line
 * message that names the label, never a file.
 */
class PictureTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");

  @TempDir Path dir;

  @Test
  void bytesGiveWhatTheFileGives() throws IOException {
    Path kevin = SEED.resolve("kevin.jpg");
    Path probe = SEED.resolve("shivi_test.jpg");
    Picture uploaded = Picture.of(Files.readAllBytes(kevin), "upload");
    assertThat(uploaded.label()).isEqualTo("upload");
    assertThat(uploaded.hash()).isEqualTo(ContentHash.of(kevin));
    Path fromFile = dir.resolve("file.db");
    Path fromBytes = dir.resolve("bytes.db");
    try (FaceNet faces = FaceNet.builder().gallery(fromFile).build()) {
      faces.enroll("kevin", kevin);
      faces.enroll("shivi", SEED.resolve("shivi.jpg"));
    }
    try (FaceNet faces = FaceNet.builder().gallery(fromBytes).build()) {
      faces.enroll("kevin", uploaded);
      faces.enroll("shivi", Picture.of(Files.readAllBytes(SEED.resolve("shivi.jpg")), "b"));
      Picture probeBytes = Picture.of(Files.readAllBytes(probe), "probe");
      assertThat(faces.faces(probeBytes)).isEqualTo(faces.faces(probe));
      assertThat(faces.locate(probeBytes)).isEqualTo(faces.locate(FaceNet.read(probe)));
      assertThat(faces.recognizeAll(probeBytes, 0.6, 2))
          .isEqualTo(faces.recognizeAll(probe, 0.6, 2));
      assertThat(faces.recognizeAll(probeBytes, 0.6, 1).get(0).match().name()).isEqualTo("shivi");
      assertThat(faces.verify(probeBytes, "shivi", 0.6)).isEqualTo(faces.verify(probe, "shivi"));
      assertThat(faces.compare(probeBytes, uploaded, 0.6))
          .isEqualTo(faces.compare(probe, kevin, 0.6));
    }
    assertThat(export(fromBytes)).isEqualTo(export(fromFile)); // names, floats, picture hashes
  }

  @Test
  void badBytesAreRefusedUnderTheirLabel() {
    try (FaceNet faces = FaceNet.builder().gallery(dir.resolve("g.db")).build()) {
      assertThatThrownBy(() -> faces.faces(Picture.of(new byte[0], "upload")))
          .isInstanceOf(FaceNetException.class)
          .hasMessage("upload: the picture is empty (0 bytes)");
      byte[] text = "name,age\nkevin,30\n".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> faces.faces(Picture.of(text, "upload")))
          .isInstanceOf(FaceNetException.class)
          .hasMessageStartingWith("upload: not a picture in a known format (it holds text)");
      assertThatThrownBy(() -> faces.enroll("x", Picture.of(text, "upload")))
          .hasMessageStartingWith("enrol x: upload: not a picture");
      assertThat(dir.resolve("g.db")).doesNotExist(); // nothing stored, nothing created
    }
  }

  @Test
  void aTruncatedUploadIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(SEED.resolve("kevin.jpg"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
    try (FaceNet faces = FaceNet.builder().build()) {
      assertThatThrownBy(() -> faces.faces(Picture.of(cut, "upload")))
          .isInstanceOf(FaceNetException.class)
          .hasMessageStartingWith("upload: ")
          .hasMessageContaining("truncated")
          .hasMessageNotContaining("\n");
    }
  }

  private static List<Enrolment> export(Path gallery) {
    List<Enrolment> out = new ArrayList<>();
    try (SqliteGallery g = SqliteGallery.openExisting(gallery)) {
      g.exportAll(out::add);
    }
    return out;
  }
}
