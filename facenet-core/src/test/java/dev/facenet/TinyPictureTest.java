package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.NoFaceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A picture smaller than the smallest face the search can find is "no face found" with its size in
 * the message, so the user knows why; a larger picture without a face gets the plain message. The
 * gallery is left as it was either way.
 */
class TinyPictureTest {
  @TempDir Path dir;

  private static Picture png(int w, int h, String label) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
    return Picture.of(out.toByteArray(), label);
  }

  @Test
  void aPictureTooSmallForAnyFaceSaysItsSize() throws IOException {
    try (FaceNet faces = FaceNet.builder().gallery(dir.resolve("people.db")).build()) {
      Picture tiny = png(10, 8, "tiny.png");
      assertThatThrownBy(() -> faces.enroll("ann", tiny))
          .isInstanceOf(dev.facenet.common.FaceNetException.class)
          .hasMessageContaining("tiny.png: no face found (the picture is 10 x 8 pixels")
          .hasMessageContaining("smallest face that can be found, about 12 pixels wide");
      assertThatThrownBy(() -> faces.encode(tiny))
          .isInstanceOf(NoFaceException.class)
          .hasMessage(
              "tiny.png: no face found (the picture is 10 x 8 pixels: smaller than the smallest"
                  + " face that can be found, about 12 pixels wide)");
      Picture blank = png(64, 64, "blank.png");
      assertThatThrownBy(() -> faces.encode(blank))
          .isInstanceOf(NoFaceException.class)
          .hasMessage("blank.png: no face found");
      assertThat(faces.people()).isEmpty();
    }
  }
}
