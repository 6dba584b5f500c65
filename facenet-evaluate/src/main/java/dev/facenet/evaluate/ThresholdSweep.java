package dev.facenet.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Every threshold worth trying on a list of scored pairs, and what each accepts: the one sweep
 * behind the best threshold ({@link Verifier#bestThreshold}, and through it {@link KFold}), the ROC
 * curve ({@link Roc}) and the held-out accuracy of a training run. Its edge handling, decided here
 * once:
 *
 * <ul>
 *   <li>A pair is accepted when its distance is strictly under the threshold ({@link
 *       ScoredPair#acceptedAt}).
 *   <li>The candidates are the smallest distance (which accepts nothing), the midpoint between each
 *       two consecutive distinct distances, and the next double above the largest distance (which
 *       accepts everything): exact values, no epsilon and no grid.
 *   <li>Pairs at the same distance form one step: no threshold can accept one and reject the other.
 *   <li>The best threshold classifies the most pairs right; among equally good ones the smallest
 *       wins, which for separable pairs is the middle of the gap between the classes.
 *   <li>An empty list has no thresholds and is refused ({@link IllegalArgumentException}).
 * </ul>
 */
public final class ThresholdSweep {
  /** One candidate threshold and how many same-person and different-person pairs it accepts. */
  public record Step(double threshold, int sameAccepted, int differentAccepted) {}

  private final List<Step> steps;
  private final int sameCount;
  private final int differentCount;

  private ThresholdSweep(List<Step> steps, int sameCount, int differentCount) {
    this.steps = Collections.unmodifiableList(steps);
    this.sameCount = sameCount;
    this.differentCount = differentCount;
  }

  /** The sweep over {@code pairs} (in any order); there must be at least one. */
  public static ThresholdSweep of(List<ScoredPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
    List<ScoredPair> sorted = new ArrayList<>(pairs);
    sorted.sort(Comparator.comparingDouble(ScoredPair::distance));
    int n = sorted.size();
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(sorted.get(0).distance(), 0, 0));
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
      double next = i < n ? sorted.get(i).distance() : Double.NaN;
      steps.add(new Step(i < n ? d + (next - d) / 2 : Math.nextUp(d), sameAccepted, diffAccepted));
    }
    return new ThresholdSweep(steps, sameAccepted, diffAccepted);
  }

  /**
   * The candidates, by increasing threshold (and so non-decreasing counts); the first accepts
   * nothing, the last all.
   */
  public List<Step> steps() {
    return steps;
  }

  public int sameCount() {
    return sameCount;
  }

  public int differentCount() {
    return differentCount;
  }

  /**
   * The threshold with the most pairs right (the smallest of equally good ones), and that share.
   */
  public Verifier.ThresholdChoice best() {
    Step best = steps.get(0);
    for (Step s : steps) {
      if (right(s) > right(best)) {
        best = s;
      }
    }
    return new Verifier.ThresholdChoice(
        best.threshold(), (double) right(best) / (sameCount + differentCount));
  }

  private int right(Step s) {
    return s.sameAccepted() + differentCount - s.differentAccepted();
  }
}
