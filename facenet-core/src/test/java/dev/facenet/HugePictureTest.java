package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Box;
import dev.facenet.common.Face;
import dev.facenet.image.ImageLoader;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A photo too large to decode in full (over 24 MP) is read subsampled and searched at the working
 * size, yet its faces come back in the file's own pixels: the same faces as in the photo it was
 * enlarged from, with boxes and landmarks scaled by the enlargement, and the same person by their
 * encodings.
 */
class HugePictureTest {
  static final Path PACKAGE = Path.of(System.getProperty("facenet.package"));

  @TempDir Path dir;

  @Test
  void facesOfAHugePhotoAreInTheFilesPixels() throws Exception {
    Path photo = PACKAGE.resolve("demo/sample1.jpg");
    BufferedImage src = ImageLoader.load(photo);
    double scale = 3.4; // 1920 x 1280 -> 6528 x 4352 = 28 MP: decoded every second pixel
    BufferedImage big =
        new BufferedImage(
            (int) (src.getWidth() * scale),
            (int) (src.getHeight() * scale),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = big.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, big.getWidth(), big.getHeight(), null);
    g.dispose();
    Path file = dir.resolve("huge.jpg");
    ImageIO.write(big, "jpg", file.toFile());
    assertThat(ImageLoader.read(file).subsampling()).isEqualTo(2);

    try (FaceNet faces = FaceNet.builder().build()) {
      List<Face> small = byPosition(faces.faces(photo));
      List<Face> huge = byPosition(faces.faces(file));
      assertThat(huge).hasSameSizeAs(small).isNotEmpty();
      for (int i = 0; i < small.size(); i++) {
        Box want = small.get(i).box().scale(scale, scale);
        Box got = huge.get(i).box();
        double tolerance =
            0.08 * want.width(); // detected afresh on another resampling of the photo
        assertThat(got.x()).isCloseTo(want.x(), within(tolerance));
        assertThat(got.y()).isCloseTo(want.y(), within(tolerance));
        assertThat(got.width()).isCloseTo(want.width(), within(tolerance));
        assertThat(huge.get(i).landmarks().noseTip().x())
            .isCloseTo(small.get(i).landmarks().noseTip().x() * scale, within(tolerance));
        assertThat(huge.get(i).embedding().distanceTo(small.get(i).embedding())).isLessThan(0.3);
      }
    }
  }

  private static List<Face> byPosition(List<Face> faces) {
    return faces.stream().sorted(Comparator.comparingDouble((Face f) -> f.box().x())).toList();
  }
}
