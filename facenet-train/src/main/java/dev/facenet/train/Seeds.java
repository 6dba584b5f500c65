package dev.facenet.train;

/**
 * Derives independent seeds from the run's seed, so each epoch and batch has its own reproducible
 * stream.
 */
final class Seeds {
  private Seeds() {}

  /**
   * A well-mixed 64-bit seed from a base seed and a few integers (SplitMix64 finaliser on each
   * step).
   */
  static long mix(long seed, long... parts) {
    long h = seed;
    for (long p : parts) {
      h = finish(h ^ finish(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
