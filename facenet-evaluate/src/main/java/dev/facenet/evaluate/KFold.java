package dev.facenet.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * Verification accuracy the way LFW's protocol asks: for each fold the threshold is chosen on the
 * other folds only, then the fold is scored at that threshold. The result is the mean and standard
 * deviation of the per-fold accuracies and the mean of the chosen thresholds.
 */
public final class KFold {
  private KFold() {}

  /**
   * Scores each fold at the best threshold of the others. With a single fold there is nothing to
   * hold out: its threshold is chosen on the fold itself, an optimistic figure.
   */
  public static Result evaluate(List<List<ScoredPair>> folds) {
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("no folds");
    }
    for (int k = 0; k < folds.size(); k++) {
      if (folds.get(k).isEmpty()) {
        throw new IllegalArgumentException("fold " + (k + 1) + " has no pairs");
      }
    }
    double[] accuracies = new double[folds.size()];
    double[] thresholds = new double[folds.size()];
    for (int k = 0; k < folds.size(); k++) {
      List<ScoredPair> train = new ArrayList<>();
      for (int j = 0; j < folds.size(); j++) {
        if (j != k || folds.size() == 1) {
          train.addAll(folds.get(j));
        }
      }
      thresholds[k] = Verifier.bestThreshold(train).threshold();
      accuracies[k] = Verifier.accuracy(folds.get(k), thresholds[k]);
    }
    return new Result(accuracies, thresholds);
  }

  /**
   * Per-fold accuracies and the thresholds they were scored at. {@link #std()} is the population
   * standard deviation (divided by the number of folds), as LFW results are usually reported.
   */
  public record Result(double[] accuracies, double[] thresholds) {
    public Result {
      accuracies = accuracies.clone();
      thresholds = thresholds.clone();
    }

    @Override
    public double[] accuracies() {
      return accuracies.clone();
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    public int folds() {
      return accuracies.length;
    }

    public double mean() {
      return mean(accuracies);
    }

    public double std() {
      double m = mean();
      double sum = 0;
      for (double a : accuracies) {
        sum += (a - m) * (a - m);
      }
      return Math.sqrt(sum / accuracies.length);
    }

    public double meanThreshold() {
      return mean(thresholds);
    }

    private static double mean(double[] v) {
      double s = 0;
      for (double x : v) {
        s += x;
      }
      return s / v.length;
    }
  }
}
