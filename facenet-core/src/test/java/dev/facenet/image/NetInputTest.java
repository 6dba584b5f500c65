package dev.facenet.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NetInput reads a {@link BufferedImage#TYPE_INT_RGB} picture straight from its pixel buffer and
 * any other picture through {@code getRGB}: on a real photo, and on sub-images of it (which share
 * the photo's buffer at an offset), both reads must give the very same floats for every input kind
 * the networks use.
 */
class NetInputTest {
  private static final Path DEMO =
      Path.of(
              System.getProperty(
                  "facenet.package", "../facenet-models/target/face-api-package/package"))
          .resolve("demo");

  /** The detectors' and the landmark/recognition nets' preparations. */
  private static final NetInput[] INPUTS = {
    new NetInput(512, NetInput.Padding.BOTTOM_RIGHT, new float[] {127.5f, 127.5f, 127.5f}, 127.5f),
    new NetInput(
        416, NetInput.Padding.BOTTOM_RIGHT, new float[] {117.001f, 114.697f, 97.404f}, 255f),
    new NetInput(150, NetInput.Padding.CENTRED, new float[] {122.782f, 117.001f, 104.298f}, 255f),
    new NetInput(96, NetInput.Padding.CENTRED, new float[3], 255f),
  };

  private static BufferedImage photo;

  @BeforeAll
  static void load() {
    photo = ImageLoader.load(DEMO.resolve("sample1.jpg"));
  }

  @Test
  void theLoaderGivesTheBufferReadItsPictureType() {
    assertThat(photo.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(photo.getWidth()).isEqualTo(1920);
  }

  @Test
  void aWholePhotoReadsTheSameFromItsBufferAsThroughGetRgb() {
    assertSameInput(photo);
  }

  @Test
  void subImagesAtAnOffsetReadTheSameFromTheSharedBuffer() {
    // Tall, wide, at the picture's edges and inside it: a wrong row stride or offset moves every
    // pixel.
    assertSameInput(photo.getSubimage(613, 247, 301, 388));
    assertSameInput(photo.getSubimage(0, 900, 1920, 380));
    assertSameInput(photo.getSubimage(1800, 0, 120, 77));
    // A sub-image of a sub-image.
    assertSameInput(photo.getSubimage(500, 200, 800, 600).getSubimage(31, 17, 250, 199));
  }

  private static void assertSameInput(BufferedImage picture) {
    BufferedImage copy = throughGetRgb(picture);
    for (NetInput input : INPUTS) {
      float[] direct = input.prepare(picture);
      float[] converted = input.prepare(copy);
      assertThat(Arrays.equals(direct, converted))
          .as("%d x %d picture, %d input", picture.getWidth(), picture.getHeight(), input.size())
          .isTrue();
    }
  }

  /** The same pixels in a picture of another type, which NetInput reads with getRGB. */
  private static BufferedImage throughGetRgb(BufferedImage picture) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    BufferedImage copy = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    copy.setRGB(0, 0, w, h, picture.getRGB(0, 0, w, h, null, 0, w), 0, w);
    return copy;
  }
}
