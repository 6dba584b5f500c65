package dev.facenet.evaluate;

import dev.facenet.common.Embedding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why an encoder misses on a set of people (the held-out people of a training run, or a dataset
 * under {@code evaluate}), in two figures a user can act on.
 *
 * <ul>
 *   <li>{@code effectiveDimensions}: how many of the encoding's dimensions the encodings really
 *       spread over (the participation ratio of their covariance, {@code (sum of eigenvalues)^2 /
 *       sum of squared eigenvalues}: d for encodings spread evenly over d directions, 1 when they
 *       vary along one line). With each person's pictures close together it reaches about one less
 *       than the number of people. Trained on few people, an encoder packs everyone into a handful
 *       of directions and stays far under that; new people are then described by the old ones.
 *   <li>{@code rejectedPeople}: per person, how many of their same-person pairs the threshold calls
 *       "different", most first, people with none left out. One person with many usually has
 *       pictures that fall in two groups (two sessions, glasses on and off), or a folder that mixes
 *       two people.
 * </ul>
 */
public record VerificationDiagnosis(double effectiveDimensions, List<Rejections> rejectedPeople) {

  /**
   * {@code rejected} of {@code pairs} same-person pairs of {@code person} were at or over the
   * threshold.
   */
  public record Rejections(String person, int rejected, int pairs) {}

  /** Nothing to diagnose (no people, or fewer than two pictures). */
  public static final VerificationDiagnosis NONE = new VerificationDiagnosis(Double.NaN, List.of());

  public VerificationDiagnosis {
    rejectedPeople = List.copyOf(rejectedPeople);
  }

  /**
   * Diagnoses encodings {@code e} (row per picture) of people {@code labels[i]} (indices into
   * {@code names}) at {@code threshold} (Euclidean; "same" strictly under it).
   */
  public static VerificationDiagnosis of(
      float[][] e, int[] labels, List<String> names, double threshold) {
    if (e.length != labels.length) {
      throw new IllegalArgumentException(e.length + " encodings for " + labels.length + " labels");
    }
    if (e.length < 2) {
      return NONE;
    }
    List<List<float[]>> byPerson = new ArrayList<>();
    names.forEach(n -> byPerson.add(new ArrayList<>()));
    for (int i = 0; i < e.length; i++) {
      byPerson.get(labels[i]).add(e[i]);
    }
    int[] rejected = new int[names.size()];
    int[] pairs = new int[names.size()];
    for (int p = 0; p < names.size(); p++) {
      List<float[]> pictures = byPerson.get(p);
      for (int i = 0; i < pictures.size(); i++) {
        for (int j = i + 1; j < pictures.size(); j++) {
          pairs[p]++;
          if (!(Embedding.distance(pictures.get(i), pictures.get(j)) < threshold)) {
            rejected[p]++;
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
    people.sort(
        Comparator.comparingInt(Rejections::rejected).reversed().thenComparing(Rejections::person));
    return new VerificationDiagnosis(participationRatio(e), people);
  }

  /**
   * {@code (trace C)^2 / trace(C^2)} of the covariance C of the rows; NaN when they do not vary. C
   * is d x d, so the cost grows with the number of rows only linearly (13,000 pictures of LFW's
   * size are a fraction of a second).
   */
  static double participationRatio(float[][] e) {
    int n = e.length;
    int d = e[0].length;
    double[] mean = new double[d];
    for (float[] row : e) {
      for (int c = 0; c < d; c++) {
        mean[c] += row[c] / (double) n;
      }
    }
    // The upper triangle of n C (the factor n cancels in the ratio).
    double[][] scatter = new double[d][d];
    double[] centred = new double[d];
    for (float[] row : e) {
      for (int c = 0; c < d; c++) {
        centred[c] = row[c] - mean[c];
      }
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          scatter[a][b] += centred[a] * centred[b];
        }
      }
    }
    double trace = 0;
    double squares = 0;
    for (int a = 0; a < d; a++) {
      trace += scatter[a][a];
      squares += scatter[a][a] * scatter[a][a];
      for (int b = a + 1; b < d; b++) {
        squares += 2 * scatter[a][b] * scatter[a][b];
      }
    }
    return squares > 0 ? trace * trace / squares : Double.NaN;
  }
}
