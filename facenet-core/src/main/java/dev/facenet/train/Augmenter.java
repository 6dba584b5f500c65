package dev.facenet.train;

import java.util.Random;

/**
 * Light augmentation of face chips, so a small data set is not learnt by heart: a horizontal flip half of
 * the time, a shift of up to {@code maxShift} of the chip side and a scale change of up to {@code maxScale}
 * either way, sampled bilinearly with the border pixels repeated. Chips are aligned faces, so nothing
 * stronger (rotation, colour) is used. With {@link #NONE} a chip goes to the network unchanged.
 */
public record Augmenter(boolean flip, double maxShift, double maxScale) {

  /** No augmentation (held-out evaluation, inference-like input). */
  public static final Augmenter NONE = new Augmenter(false, 0, 0);

  /** The default: flip, shifts up to 5% of the side, scale within +-7%. */
  public static final Augmenter LIGHT = new Augmenter(true, 0.05, 0.07);

  public Augmenter {
    if (maxShift < 0 || maxShift > 0.5 || maxScale < 0 || maxScale > 0.5) {
      throw new IllegalArgumentException("shift and scale jitter must be within 0..0.5");
    }
  }

  public boolean isIdentity() {
    return !flip && maxShift == 0 && maxScale == 0;
  }

  /**
   * Writes the network input of one chip into {@code out} from {@code offset} on (channels-first), drawing
   * the random changes from {@code random} (not touched when this is {@link #NONE}).
   */
  public void apply(byte[] chip, ChipFormat format, Random random, float[] out, int offset) {
    int s = format.size();
    int plane = s * s;
    if (isIdentity()) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < plane; i++) {
          out[offset + c * plane + i] = format.normalise(c, chip[c * plane + i] & 0xff);
        }
      }
      return;
    }
    boolean mirror = flip && random.nextBoolean();
    double scale = 1 + (2 * random.nextDouble() - 1) * maxScale;
    double tx = (2 * random.nextDouble() - 1) * maxShift * s;
    double ty = (2 * random.nextDouble() - 1) * maxShift * s;
    double centre = (s - 1) / 2.0;
    for (int y = 0; y < s; y++) {
      double sy = (y - centre - ty) / scale + centre;
      int y0 = (int) Math.floor(sy);
      double fy = sy - y0;
      int ya = clamp(y0, s);
      int yb = clamp(y0 + 1, s);
      for (int x = 0; x < s; x++) {
        int xo = mirror ? s - 1 - x : x;
        double sx = (xo - centre - tx) / scale + centre;
        int x0 = (int) Math.floor(sx);
        double fx = sx - x0;
        int xa = clamp(x0, s);
        int xb = clamp(x0 + 1, s);
        for (int c = 0; c < 3; c++) {
          int base = c * plane;
          double top = (chip[base + ya * s + xa] & 0xff) * (1 - fx) + (chip[base + ya * s + xb] & 0xff) * fx;
          double bottom = (chip[base + yb * s + xa] & 0xff) * (1 - fx) + (chip[base + yb * s + xb] & 0xff) * fx;
          out[offset + base + y * s + x] = format.normalise(c, (float) (top * (1 - fy) + bottom * fy));
        }
      }
    }
  }

  private static int clamp(int v, int s) {
    return v < 0 ? 0 : v >= s ? s - 1 : v;
  }
}
