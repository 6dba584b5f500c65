package dev.facenet.evaluate;

import java.util.List;

/**
 * Open-set identification as NIST's face recognition vendor tests report it: half the people are
 * enrolled (their first picture), the other half are strangers, and every other picture is
 * searched. A mated search (a picture of someone enrolled) is missed when its nearest enrolled
 * person is someone else or is not under the threshold (FNIR, the false negative identification
 * rate); a non-mated search (a stranger) is a false alarm when anyone is under the threshold (FPIR,
 * the false positive identification rate). The thresholds that hold FPIR at 1% and 0.1% are read
 * off the strangers' nearest distances, and FNIR is given at each. The halving is repeated with
 * {@code splits} seeded shuffles, pooled, so that there are enough non-mated searches to read a low
 * FPIR at all.
 *
 * <p>Then the decisions a deployment makes at given operating thresholds, without and with the
 * ambiguity margin ({@link dev.facenet.Match#ambiguous()}): how many searches named the right
 * person, the wrong one, no one, or were called ambiguous.
 *
 * @param atFpir FNIR at each FPIR asked for (1% and 0.1%)
 * @param margin the ambiguity margin of {@link AtThreshold#withMargin()}
 * @param atThresholds the decisions at each operating threshold asked for
 */
public record OpenSetReport(
    int splits,
    int galleryPeople,
    int strangers,
    int matedSearches,
    int nonMatedSearches,
    List<AtFpir> atFpir,
    double margin,
    List<AtThreshold> atThresholds) {

  public OpenSetReport {
    atFpir = List.copyOf(atFpir);
    atThresholds = List.copyOf(atThresholds);
  }

  /**
   * The decisions at one threshold: with no margin ({@code plain}) and with the report's margin.
   */
  public record AtThreshold(double threshold, Decisions plain, Decisions withMargin) {}

  /**
   * FNIR where FPIR is held at {@code targetFpir}: the threshold that does it, the FPIR actually
   * reached (at most the target; lower when distances tie or searches are few) and the FNIR there.
   *
   * @param enoughSearches false when there are fewer non-mated searches than {@code 1 /
   *     targetFpir}: not one false alarm could be seen, so the threshold is the nearest stranger's
   *     distance and the FNIR is an upper bound rather than a measurement
   */
  public record AtFpir(
      double targetFpir, double threshold, double fpir, double fnir, boolean enoughSearches) {}

  /**
   * What a search decided at one threshold and margin. Mated searches: the right person named, the
   * wrong person named, no one under the threshold, or ambiguous; non-mated searches: someone named
   * (a false alarm) or ambiguous (no name, so no false alarm).
   */
  public record Decisions(
      int matedRight,
      int matedWrong,
      int matedRejected,
      int matedAmbiguous,
      int nonMated,
      int nonMatedNamed,
      int nonMatedAmbiguous) {

    public int mated() {
      return matedRight + matedWrong + matedRejected + matedAmbiguous;
    }

    /** Share of mated searches that did not name the right person. */
    public double fnir() {
      return mated() == 0 ? Double.NaN : 1 - (double) matedRight / mated();
    }

    /** Share of non-mated searches that named someone. */
    public double fpir() {
      return nonMated == 0 ? Double.NaN : (double) nonMatedNamed / nonMated;
    }

    /** Share of mated searches that named the wrong person: the error users fear most. */
    public double misidentified() {
      return mated() == 0 ? Double.NaN : (double) matedWrong / mated();
    }
  }
}
