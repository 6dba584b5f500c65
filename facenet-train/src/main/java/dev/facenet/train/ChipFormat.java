package dev.facenet.train;

import dev.facenet.image.NetInput;

/**
 * What an encoder wants as input: square chips of {@code size} pixels, each channel turned into
 * {@code (value - mean[c]) / divisor} from the 0..255 scale. nn4.small2 takes {@code 96, {0,0,0},
 * 255} (the seed's pixel / 255); face-api's ResNet takes 150 with its channel means and 255.
 */
public record ChipFormat(int size, float[] mean, float divisor) {
  public ChipFormat {
    if (size < 8) {
      throw new IllegalArgumentException("chip size " + size + " is too small");
    }
    if (mean.length != 3) {
      throw new IllegalArgumentException("mean needs 3 values (R, G, B)");
    }
    if (!(divisor > 0)) {
      throw new IllegalArgumentException("divisor must be positive");
    }
    mean = mean.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  /**
   * The chips an encoder reads through {@code input}, so training and inference normalise alike.
   */
  public static ChipFormat of(NetInput input) {
    return new ChipFormat(input.size(), input.mean(), input.divisor());
  }

  /** Floats one chip takes as network input: 3 x size x size. */
  public int floats() {
    return 3 * size * size;
  }

  /** The network value of channel {@code c} for a 0..255 sample. */
  public float normalise(int c, float value) {
    return (value - mean[c]) / divisor;
  }
}
