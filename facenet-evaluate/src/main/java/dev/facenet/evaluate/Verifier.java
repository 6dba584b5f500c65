package dev.facenet.evaluate;

import java.util.List;

/**
 * Accuracy of a distance threshold, and the threshold that maximises it, on a list of scored pairs
 * (the candidates and the tie rule are {@link ThresholdSweep}'s).
 */
public final class Verifier {
  private Verifier() {}

  /**
   * Share of pairs classified right when pairs with a distance under {@code threshold} are called
   * the same person.
   */
  public static double accuracy(List<ScoredPair> pairs, double threshold) {
    requireSome(pairs);
    int right = 0;
    for (ScoredPair p : pairs) {
      if (p.acceptedAt(threshold) == p.same()) {
        right++;
      }
    }
    return (double) right / pairs.size();
  }

  /**
   * The threshold with the highest accuracy on these pairs, and that accuracy ({@link
   * ThresholdSweep#best()}).
   */
  public static ThresholdChoice bestThreshold(List<ScoredPair> pairs) {
    return ThresholdSweep.of(pairs).best();
  }

  static void requireSome(List<ScoredPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
  }

  /** A threshold and the accuracy it gives on the pairs it was chosen on. */
  public record ThresholdChoice(double threshold, double accuracy) {}
}
