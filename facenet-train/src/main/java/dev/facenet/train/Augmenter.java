package dev.facenet.train;

import java.util.Random;

/**
 * Augmentation of face chips, so a small data set is not learnt by heart: a horizontal flip half of
 * the time, a shift of up to {@code maxShift} of the chip side, a scale change of up to {@code
 * maxScale} either way, a rotation of up to {@code maxDegrees}, and brightness and contrast changed
 * by up to {@code maxIntensity} (relative), sampled bilinearly with the border pixels repeated.
 * With {@link #NONE} a chip goes to the network unchanged.
 */
public record Augmenter(
    boolean flip, double maxShift, double maxScale, double maxDegrees, double maxIntensity) {

  /** No augmentation (held-out evaluation, inference-like input). */
  public static final Augmenter NONE = new Augmenter(false, 0, 0, 0, 0);

  /** Flip, shifts up to 5% of the side, scale within +-7% (chips of a good aligner). */
  public static final Augmenter LIGHT = new Augmenter(true, 0.05, 0.07, 0, 0);

  /**
   * The default: flip, shifts up to 8%, scale +-10%, rotation +-10 degrees, brightness and contrast
   * +-20%.
   */
  public static final Augmenter STRONG = new Augmenter(true, 0.08, 0.10, 10, 0.2);

  public Augmenter {
    if (maxShift < 0
        || maxShift > 0.5
        || maxScale < 0
        || maxScale > 0.5
        || maxDegrees < 0
        || maxDegrees > 45
        || maxIntensity < 0
        || maxIntensity > 0.9) {
      throw new IllegalArgumentException(
          "augmentation out of range (shift, scale 0..0.5, rotation 0..45, intensity 0..0.9)");
    }
  }

  /** {@code none}, {@code light} or {@code strong}. */
  public static Augmenter named(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "none" -> NONE;
      case "light" -> LIGHT;
      case "strong" -> STRONG;
      default ->
          throw new dev.facenet.common.FaceNetException(
              "unknown augmentation '" + name + "' (none, light or strong)");
    };
  }

  public boolean isIdentity() {
    return !flip && maxShift == 0 && maxScale == 0 && maxDegrees == 0 && maxIntensity == 0;
  }

  /**
   * Writes the network input of one chip into {@code out} from {@code offset} on (channels-first),
   * drawing the random changes from {@code random} (not touched when this is {@link #NONE}).
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
    double angle = Math.toRadians((2 * random.nextDouble() - 1) * maxDegrees);
    double gain = 1 + (2 * random.nextDouble() - 1) * maxIntensity;
    double bias = (2 * random.nextDouble() - 1) * maxIntensity * 64;
    double cos = Math.cos(angle) / scale;
    double sin = Math.sin(angle) / scale;
    double centre = (s - 1) / 2.0;
    for (int y = 0; y < s; y++) {
      double dy = y - centre - ty;
      for (int x = 0; x < s; x++) {
        int xo = mirror ? s - 1 - x : x;
        double dx = xo - centre - tx;
        // Inverse of rotate-then-scale about the centre: where in the chip this output pixel comes
        // from.
        double sx = cos * dx + sin * dy + centre;
        double sy = -sin * dx + cos * dy + centre;
        int y0 = (int) Math.floor(sy);
        double fy = sy - y0;
        int ya = clamp(y0, s);
        int yb = clamp(y0 + 1, s);
        int x0 = (int) Math.floor(sx);
        double fx = sx - x0;
        int xa = clamp(x0, s);
        int xb = clamp(x0 + 1, s);
        for (int c = 0; c < 3; c++) {
          int base = c * plane;
          double top =
              (chip[base + ya * s + xa] & 0xff) * (1 - fx) + (chip[base + ya * s + xb] & 0xff) * fx;
          double bottom =
              (chip[base + yb * s + xa] & 0xff) * (1 - fx) + (chip[base + yb * s + xb] & 0xff) * fx;
          double v = (top * (1 - fy) + bottom * fy) * gain + bias;
          out[offset + base + y * s + x] =
              format.normalise(c, (float) Math.max(0, Math.min(255, v)));
        }
      }
    }
  }

  private static int clamp(int v, int s) {
    return v < 0 ? 0 : v >= s ? s - 1 : v;
  }
}
