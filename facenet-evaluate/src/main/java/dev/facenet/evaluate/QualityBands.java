package dev.facenet.evaluate;

import dev.facenet.common.FaceQuality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether face quality orders the errors of an evaluation: its pairs grouped by the quality of the
 * poorer face of each pair ({@link FaceQuality#score()}), with the errors each band makes at the
 * evaluation's threshold; then the error rate of what is left when the poorest pairs are set aside
 * (NIST's error-versus-reject view), pairs with a picture where no face was found first. When the
 * score means something, the poor bands fail more often and setting them aside lowers the error.
 *
 * @param threshold the distance the errors are counted at (the evaluation's chosen threshold)
 * @param noFace the pairs with a picture where no face was found (its whole picture was encoded),
 *     kept apart from the bands: a quality was never measured for it
 * @param bands from the poorest up; bands without pairs are listed with zeros
 * @param rejections the error rate left after setting aside the poorest {@link #REJECTED} shares
 */
public record QualityBands(
    double threshold, Band noFace, List<Band> bands, List<Rejection> rejections) {

  /**
   * Band edges: under the floor (too poor to trust), then three bands above it; the last edge is
   * just over 1 so that a perfect score falls in the last band.
   */
  static final double[] EDGES = {0, FaceQuality.FLOOR, 0.6, 0.85, 1.000001};

  /** The shares of pairs set aside, poorest first, for {@link #rejections}. */
  static final double[] REJECTED = {0, 0.05, 0.1, 0.2};

  public QualityBands {
    bands = List.copyOf(bands);
    rejections = List.copyOf(rejections);
  }

  /**
   * The pairs whose poorer face scores in {@code [from, to)} (both NaN for the pairs with no face
   * found): how many there were of each kind and how many the threshold judged wrongly.
   */
  public record Band(
      double from, double to, int same, int falseRejects, int different, int falseAccepts) {

    public int pairs() {
      return same + different;
    }

    public int errors() {
      return falseRejects + falseAccepts;
    }

    /** Errors over pairs; NaN when the band is empty. */
    public double errorRate() {
      return pairs() == 0 ? Double.NaN : errors() / (double) pairs();
    }

    /** Same-person pairs rejected over same-person pairs (FNMR); NaN when there were none. */
    public double falseRejectRate() {
      return same == 0 ? Double.NaN : falseRejects / (double) same;
    }

    /** Different-person pairs accepted over different-person pairs (FMR); NaN when none. */
    public double falseAcceptRate() {
      return different == 0 ? Double.NaN : falseAccepts / (double) different;
    }
  }

  /** What is left after the poorest {@code share} of the pairs is set aside. */
  public record Rejection(double share, int pairs, int errors) {
    public double errorRate() {
      return pairs == 0 ? Double.NaN : errors / (double) pairs;
    }
  }

  /** A scored pair with the quality of its poorer face (NaN when a picture has no face found). */
  record Trial(ScoredPair pair, double quality) {
    boolean wrong(double threshold) {
      return pair.acceptedAt(threshold) != pair.same();
    }
  }

  /**
   * The bands of {@code pairs} at {@code threshold}: {@code scored} holds each pair's distance, in
   * the same order, and {@code encodings} each picture's quality; null when no picture has a
   * measured quality (whole-image mode).
   */
  static QualityBands of(
      List<ImagePair> pairs, List<ScoredPair> scored, EncodingTable encodings, double threshold) {
    List<Trial> trials = new ArrayList<>(pairs.size());
    boolean measured = false;
    for (int i = 0; i < pairs.size(); i++) {
      ImagePair p = pairs.get(i);
      EncodedPicture a = encodings.picture(p.first().path());
      EncodedPicture b = encodings.picture(p.second().path());
      measured |= a.quality() != null || b.quality() != null;
      double qa = score(a);
      double qb = score(b);
      trials.add(
          new Trial(
              scored.get(i), Double.isNaN(qa) || Double.isNaN(qb) ? Double.NaN : Math.min(qa, qb)));
    }
    return measured ? of(trials, threshold) : null;
  }

  /** The bands of trials already scored. */
  static QualityBands of(List<Trial> trials, double threshold) {
    Band noFace =
        band(
            trials.stream().filter(t -> Double.isNaN(t.quality())).toList(),
            Double.NaN,
            Double.NaN,
            threshold);
    List<Band> bands = new ArrayList<>();
    for (int b = 0; b + 1 < EDGES.length; b++) {
      double from = EDGES[b];
      double to = EDGES[b + 1];
      List<Trial> in =
          trials.stream().filter(t -> t.quality() >= from && t.quality() < to).toList();
      bands.add(band(in, from, Math.min(1, to), threshold));
    }
    // poorest first, no face poorest of all; a stable sort keeps the pairs' order among equals
    List<Trial> poorestFirst =
        trials.stream()
            .sorted(
                Comparator.comparingDouble(
                    (Trial t) -> Double.isNaN(t.quality()) ? -1 : t.quality()))
            .toList();
    List<Rejection> rejections = new ArrayList<>();
    for (double share : REJECTED) {
      List<Trial> kept =
          poorestFirst.subList((int) Math.floor(share * poorestFirst.size()), poorestFirst.size());
      int errors = (int) kept.stream().filter(t -> t.wrong(threshold)).count();
      rejections.add(new Rejection(share, kept.size(), errors));
    }
    return new QualityBands(threshold, noFace, bands, rejections);
  }

  private static Band band(List<Trial> in, double from, double to, double threshold) {
    int same = 0;
    int falseRejects = 0;
    int falseAccepts = 0;
    for (Trial t : in) {
      if (t.pair().same()) {
        same++;
        falseRejects += t.wrong(threshold) ? 1 : 0;
      } else {
        falseAccepts += t.wrong(threshold) ? 1 : 0;
      }
    }
    return new Band(from, to, same, falseRejects, in.size() - same, falseAccepts);
  }

  /** A picture's quality score; NaN when no face was found in it. */
  private static double score(EncodedPicture p) {
    return !p.faceFound() ? Double.NaN : p.quality() == null ? 0 : p.quality().score();
  }
}
