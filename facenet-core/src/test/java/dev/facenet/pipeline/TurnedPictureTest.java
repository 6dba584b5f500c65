package dev.facenet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Box;
import dev.facenet.common.Point;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The turns move every pixel where a turn puts it, and the maps back take each turned pixel's
 * centre to its own centre in the original, on a picture that is not square so that width and
 * height cannot be mixed up.
 */
class TurnedPictureTest {
  private static BufferedImage noise(int w, int h) {
    SplittableRandom r = new SplittableRandom(3);
    BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        b.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return b;
  }

  @Test
  void everyPixelLandsWhereItsTurnPutsItAndMapsBack() {
    BufferedImage p = noise(7, 4);
    for (int turn : new int[] {90, 180, 270}) {
      TurnedPicture t = TurnedPicture.of(p, turn);
      BufferedImage img = t.image();
      boolean quarter = turn != 180;
      assertThat(img.getWidth()).isEqualTo(quarter ? 4 : 7);
      assertThat(img.getHeight()).isEqualTo(quarter ? 7 : 4);
      for (int v = 0; v < img.getHeight(); v++) {
        for (int u = 0; u < img.getWidth(); u++) {
          Point o = t.toOriginal(new Point(u + 0.5, v + 0.5));
          int x = (int) Math.floor(o.x());
          int y = (int) Math.floor(o.y());
          assertThat(o.x() - x).isCloseTo(0.5, within(1e-9));
          assertThat(img.getRGB(u, v))
              .as("turn %d, (%d, %d)", turn, u, v)
              .isEqualTo(p.getRGB(x, y));
        }
      }
      // a box maps to the box around its mapped corners, the same size turned
      Box b = t.toOriginal(new Box(1, 2, 2, 3));
      assertThat(b.width() * b.height()).isCloseTo(6, within(1e-9));
    }
    // a quarter turn clockwise: the top-left pixel goes to the top-right corner
    assertThat(TurnedPicture.of(p, 90).image().getRGB(3, 0)).isEqualTo(p.getRGB(0, 0));
    // four quarter turns are no turn
    BufferedImage round = p;
    for (int i = 0; i < 4; i++) {
      round = TurnedPicture.of(round, 90).image();
    }
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(round.getRGB(x, y)).isEqualTo(p.getRGB(x, y));
      }
    }
  }
}
