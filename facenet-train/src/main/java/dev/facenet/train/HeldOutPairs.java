package dev.facenet.train;

import dev.facenet.common.Embedding;
import dev.facenet.evaluate.ScoredPair;
import dev.facenet.evaluate.ThresholdSweep;
import dev.facenet.evaluate.Verifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The verification pairs of the held-out people: every same-person pair, and as many
 * different-person pairs drawn with a fixed seed (balanced, as LFW's protocol is; with all
 * different-person pairs a model that says "different" to everything would already score over 90%).
 * The same pairs are used after every epoch, so the accuracies of a run are comparable.
 */
public final class HeldOutPairs {

  /**
   * Verification on the pairs at the best threshold: the accuracy and that threshold (Euclidean).
   */
  public record Result(double accuracy, double threshold, int pairs) {}

  private final int[] first;
  private final int[] second;
  private final boolean[] same;

  private HeldOutPairs(int[] first, int[] second, boolean[] same) {
    this.first = first;
    this.second = second;
    this.same = same;
  }

  /** Pairs over pictures labelled by person; different-person pairs drawn with {@code seed}. */
  public static HeldOutPairs balanced(int[] labels, long seed) {
    List<int[]> pos = new ArrayList<>();
    List<int[]> neg = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      for (int j = i + 1; j < labels.length; j++) {
        (labels[i] == labels[j] ? pos : neg).add(new int[] {i, j});
      }
    }
    Collections.shuffle(neg, new Random(seed));
    List<int[]> negs = neg.subList(0, Math.min(pos.size(), neg.size()));
    int n = pos.size() + negs.size();
    int[] a = new int[n];
    int[] b = new int[n];
    boolean[] s = new boolean[n];
    int k = 0;
    for (int[] p : pos) {
      a[k] = p[0];
      b[k] = p[1];
      s[k++] = true;
    }
    for (int[] p : negs) {
      a[k] = p[0];
      b[k] = p[1];
      s[k++] = false;
    }
    return new HeldOutPairs(a, b, s);
  }

  public int size() {
    return same.length;
  }

  /**
   * Verification accuracy of encodings {@code e} (row per picture) at the best threshold ({@link
   * ThresholdSweep}). Without pairs, or with encodings that are not numbers (a diverged network),
   * there is no figure: NaN.
   */
  public Result evaluate(float[][] e) {
    double[] dist = new double[size()];
    for (int i = 0; i < dist.length; i++) {
      dist[i] = Embedding.distance(e[first[i]], e[second[i]]);
    }
    return bestThreshold(dist, same);
  }

  /**
   * The best threshold of pairs at {@code distance} that are of one person where {@code same} says
   * so.
   */
  static Result bestThreshold(double[] distance, boolean[] same) {
    List<ScoredPair> pairs = new ArrayList<>(distance.length);
    for (int i = 0; i < distance.length; i++) {
      if (Double.isNaN(distance[i])) {
        return new Result(Double.NaN, Double.NaN, distance.length);
      }
      pairs.add(new ScoredPair(distance[i], same[i]));
    }
    if (pairs.isEmpty()) {
      return new Result(Double.NaN, Double.NaN, 0);
    }
    Verifier.ThresholdChoice best = ThresholdSweep.of(pairs).best();
    return new Result(best.accuracy(), best.threshold(), pairs.size());
  }
}
