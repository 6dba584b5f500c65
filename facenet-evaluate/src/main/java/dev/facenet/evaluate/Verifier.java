package dev.facenet.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accuracy of a distance threshold, and the threshold that maximises it, on a list of scored pairs. The
 * candidate thresholds are the midpoints between consecutive distinct distances (plus one under all of them
 * and one over all of them), so the answer is exact, not a grid search; among equally good thresholds the
 * smallest is chosen, which for separable pairs is the middle of the gap between the classes.
 */
public final class Verifier {
  private Verifier() {}

  /** Share of pairs classified right when pairs with a distance under {@code threshold} are called the same person. */
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

  /** The threshold with the highest accuracy on these pairs, and that accuracy. */
  public static ThresholdChoice bestThreshold(List<ScoredPair> pairs) {
    requireSome(pairs);
    List<ScoredPair> sorted = sorted(pairs);
    int n = sorted.size();
    int diffTotal = 0;
    for (ScoredPair p : sorted) {
      if (!p.same()) {
        diffTotal++;
      }
    }
    // Threshold at the smallest distance: nothing accepted, every different pair right.
    double bestThreshold = sorted.get(0).distance();
    int bestRight = diffTotal;
    int sameAccepted = 0;
    int diffAccepted = 0;
    int i = 0;
    while (i < n) {
      double d = sorted.get(i).distance();
      while (i < n && sorted.get(i).distance() == d) {
        if (sorted.get(i).same()) {
          sameAccepted++;
        } else {
          diffAccepted++;
        }
        i++;
      }
      int right = sameAccepted + diffTotal - diffAccepted;
      if (right > bestRight) {
        bestRight = right;
        bestThreshold = i < n ? midpoint(d, sorted.get(i).distance()) : Math.nextUp(d);
      }
    }
    return new ThresholdChoice(bestThreshold, (double) bestRight / n);
  }

  static double midpoint(double a, double b) {
    return a + (b - a) / 2;
  }

  static List<ScoredPair> sorted(List<ScoredPair> pairs) {
    List<ScoredPair> s = new ArrayList<>(pairs);
    s.sort(Comparator.comparingDouble(ScoredPair::distance));
    return s;
  }

  static void requireSome(List<ScoredPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
  }

  /** A threshold and the accuracy it gives on the pairs it was chosen on. */
  public record ThresholdChoice(double threshold, double accuracy) {}
}
