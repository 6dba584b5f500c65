package dev.facenet.evaluate;

/**
 * One verification trial reduced to what the metrics need: the distance between two encodings and
 * whether the two pictures really show the same person. Every number in this package is computed
 * from lists of these.
 */
public record ScoredPair(double distance, boolean same) {
  public ScoredPair {
    if (Double.isNaN(distance) || distance < 0) {
      throw new IllegalArgumentException("a distance must be a number >= 0, got " + distance);
    }
  }

  /** A same-person pair. */
  public static ScoredPair same(double distance) {
    return new ScoredPair(distance, true);
  }

  /** A different-person pair. */
  public static ScoredPair different(double distance) {
    return new ScoredPair(distance, false);
  }

  /**
   * Whether a threshold accepts this pair as the same person (the rule of verify: distance under
   * it).
   */
  public boolean acceptedAt(double threshold) {
    return distance < threshold;
  }
}
