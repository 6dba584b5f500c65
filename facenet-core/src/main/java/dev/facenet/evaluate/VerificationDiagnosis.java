package dev.facenet.evaluate;

import dev.facenet.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why an encoder misses on a set of people (the held-out people of a training run, or a dataset under
 * {@code evaluate}), in two figures a user can act on.
 *
 * <ul>
 *   <li>{@code effectiveDimensions}: how many of the encoding's dimensions the encodings really spread over
 *       (the participation ratio of their covariance, {@code (sum of eigenvalues)^2 / sum of squared eigenvalues}:
 *       d for encodings spread evenly over d directions, 1 when they vary along one line). With each person's pictures close together it
 *       reaches about one less than the number of people. Trained on few people, an encoder packs everyone into a
 *       handful of directions and stays far under that; new people are then described by the old ones.</li>
 *   <li>{@code rejectedPeople}: per person, how many of their same-person pairs the threshold calls
 *       "different", most first, people with none left out. One person with many usually has pictures that
 *       fall in two groups (two sessions, glasses on and off), or a folder that mixes two people.</li>
 * </ul>
 */
public record VerificationDiagnosis(double effectiveDimensions, List<Rejections> rejectedPeople) {

  /** {@code rejected} of {@code pairs} same-person pairs of {@code person} were at or over the threshold. */
  public record Rejections(String person, int rejected, int pairs) {}

  /** Nothing to diagnose (no people, or fewer than two pictures). */
  public static final VerificationDiagnosis NONE = new VerificationDiagnosis(Double.NaN, List.of());

  public VerificationDiagnosis {
    rejectedPeople = List.copyOf(rejectedPeople);
  }

  /**
   * Diagnoses encodings {@code e} (row per picture) of people {@code labels[i]} (indices into {@code names}) at
   * {@code threshold} (Euclidean; "same" strictly under it).
   */
  public static VerificationDiagnosis of(float[][] e, int[] labels, List<String> names, double threshold) {
    if (e.length != labels.length) {
      throw new IllegalArgumentException(e.length + " encodings for " + labels.length + " labels");
    }
    if (e.length < 2) {
      return NONE;
    }
    int[] rejected = new int[names.size()];
    int[] pairs = new int[names.size()];
    for (int i = 0; i < e.length; i++) {
      for (int j = i + 1; j < e.length; j++) {
        if (labels[i] == labels[j]) {
          pairs[labels[i]]++;
          if (!(Embedding.distance(e[i], e[j]) < threshold)) {
            rejected[labels[i]]++;
          }
        }
      }
    }
    List<Rejections> people = new ArrayList<>();
    for (int p = 0; p < names.size(); p++) {
      if (rejected[p] > 0) {
        people.add(new Rejections(names.get(p), rejected[p], pairs[p]));
      }
    }
    people.sort(Comparator.comparingInt(Rejections::rejected).reversed().thenComparing(Rejections::person));
    return new VerificationDiagnosis(participationRatio(e), people);
  }

  /** {@code (trace C)^2 / trace(C^2)} of the covariance C of the rows; NaN when they do not vary. */
  static double participationRatio(float[][] e) {
    int n = e.length;
    int d = e[0].length;
    double[] mean = new double[d];
    for (float[] row : e) {
      for (int c = 0; c < d; c++) {
        mean[c] += row[c] / (double) n;
      }
    }
    double[][] centred = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        centred[i][c] = e[i][c] - mean[c];
      }
    }
    // trace(C) and trace(C^2) through the n x n Gram matrix G = X X^T: trace(C) = trace(G) / n and
    // trace(C^2) = |G|^2 / n^2, so the n's cancel in the ratio.
    double trace = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double g = 0;
        for (int c = 0; c < d; c++) {
          g += centred[i][c] * centred[j][c];
        }
        if (i == j) {
          trace += g;
          squares += g * g;
        } else {
          squares += 2 * g * g;
        }
      }
    }
    return squares > 0 ? trace * trace / squares : Double.NaN;
  }
}
