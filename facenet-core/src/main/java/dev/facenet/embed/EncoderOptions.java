package dev.facenet.embed;

import java.nio.file.Path;

/**
 * How to open an encoder: an optional weights folder (for networks whose weights do not ship with
 * the tool, such as nn4.small2) and the seed of the random initialisation used when there are none.
 */
public record EncoderOptions(Path weights, long seed) {
  public static final long DEFAULT_SEED = 42L;

  public static EncoderOptions defaults() {
    return new EncoderOptions(null, DEFAULT_SEED);
  }

  public static EncoderOptions withWeights(Path weights) {
    return new EncoderOptions(weights, DEFAULT_SEED);
  }
}
