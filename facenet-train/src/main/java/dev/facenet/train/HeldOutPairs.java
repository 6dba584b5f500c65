package dev.facenet.train;

import dev.facenet.common.Embedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The verification pairs of the held-out people: every same-person pair, and as many different-person
 * pairs drawn with a fixed seed (balanced, as LFW's protocol is; with all different-person pairs a model
 * that says "different" to everything would already score over 90%). The same pairs are used after every
 * epoch, so the accuracies of a run are comparable.
 */
public final class HeldOutPairs {

  /** Verification on the pairs at the best threshold: the accuracy and that threshold (Euclidean). */
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

  /** Verification accuracy of encodings {@code e} (row per picture) at the best threshold. */
  public Result evaluate(float[][] e) {
    double[] dist = new double[size()];
    for (int i = 0; i < dist.length; i++) {
      dist[i] = Embedding.distance(e[first[i]], e[second[i]]);
    }
    return bestThreshold(dist, same);
  }

  /**
   * The threshold that classifies the most pairs right ("same" when the distance is under it), tried at
   * every midpoint between consecutive sorted distances and beyond both ends; ties go to the lower one.
   */
  public static Result bestThreshold(double[] distance, boolean[] same) {
    int n = distance.length;
    if (n == 0) {
      return new Result(Double.NaN, Double.NaN, 0);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(distance[x], distance[y]));
    int negatives = 0;
    for (boolean s : same) {
      if (!s) {
        negatives++;
      }
    }
    // Threshold below everything: all called "different".
    int correct = negatives;
    int best = correct;
    double bestT = distance[order[0]] - 1e-6;
    for (int i = 0; i < n; i++) {
      correct += same[order[i]] ? 1 : -1;
      // Only between distinct distances can a threshold separate pair i from i + 1.
      if (i + 1 < n && distance[order[i + 1]] == distance[order[i]]) {
        continue;
      }
      if (correct > best) {
        best = correct;
        bestT = i + 1 < n ? (distance[order[i]] + distance[order[i + 1]]) / 2 : distance[order[i]] + 1e-6;
      }
    }
    return new Result((double) best / n, bestT, n);
  }
}
