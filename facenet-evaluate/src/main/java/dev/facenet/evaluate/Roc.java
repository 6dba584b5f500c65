package dev.facenet.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The receiver operating characteristic of a distance-based verifier: every operating point from
 * "accept nothing" (0, 0) to "accept everything" (1, 1), one point per {@link ThresholdSweep} step
 * (after each group of equal distances), so tied same- and different-person pairs give a diagonal
 * step. From it: the area under the curve, the equal error rate, the true accept rate at a fixed
 * false accept rate, and the threshold for a target false accept rate.
 */
public final class Roc {
  private final List<RocPoint> points;
  private final List<ScoredPair> pairs;
  private final int sameCount;
  private final int differentCount;

  private Roc(List<RocPoint> points, List<ScoredPair> pairs, int sameCount, int differentCount) {
    this.points = Collections.unmodifiableList(points);
    this.pairs = pairs;
    this.sameCount = sameCount;
    this.differentCount = differentCount;
  }

  /**
   * The curve of these pairs; there must be at least one same-person and one different-person pair.
   */
  public static Roc of(List<ScoredPair> pairs) {
    ThresholdSweep sweep = ThresholdSweep.of(pairs);
    int same = sweep.sameCount();
    int diff = sweep.differentCount();
    if (same == 0 || diff == 0) {
      throw new IllegalArgumentException(
          "a ROC curve needs same-person and different-person pairs (got "
              + same
              + " and "
              + diff
              + ")");
    }
    List<RocPoint> pts = new ArrayList<>();
    for (ThresholdSweep.Step s : sweep.steps()) {
      pts.add(
          new RocPoint(
              s.threshold(),
              (double) s.differentAccepted() / diff,
              (double) s.sameAccepted() / same));
    }
    return new Roc(pts, List.copyOf(pairs), same, diff);
  }

  /** The operating points, by increasing threshold (and so non-decreasing FAR and TAR). */
  public List<RocPoint> points() {
    return points;
  }

  public int sameCount() {
    return sameCount;
  }

  public int differentCount() {
    return differentCount;
  }

  /**
   * Area under the curve by the trapezoid rule; equals the chance that a random same-person pair is
   * closer than a random different-person pair, ties counting one half.
   */
  public double auc() {
    double area = 0;
    for (int k = 1; k < points.size(); k++) {
      RocPoint p = points.get(k - 1);
      RocPoint q = points.get(k);
      area += (q.far() - p.far()) * (p.tar() + q.tar()) / 2;
    }
    return area;
  }

  /**
   * Equal error rate: where the curve, drawn with straight segments between its points, crosses the
   * line on which the false accept rate equals the false reject rate.
   */
  public double eer() {
    return eerPoint().far();
  }

  /**
   * The point of the curve at the equal error rate, threshold interpolated along the same segment.
   */
  public RocPoint eerPoint() {
    for (int k = 1; k < points.size(); k++) {
      RocPoint p = points.get(k - 1);
      RocPoint q = points.get(k);
      double fp = p.far() + p.tar() - 1; // FAR - FRR
      double fq = q.far() + q.tar() - 1;
      if (fp == 0) {
        return p;
      }
      if (fp < 0 && fq >= 0) {
        double s = -fp / (fq - fp);
        return new RocPoint(
            p.threshold() + s * (q.threshold() - p.threshold()),
            p.far() + s * (q.far() - p.far()),
            p.tar() + s * (q.tar() - p.tar()));
      }
    }
    return points.get(points.size() - 1); // unreachable: the curve ends at FAR - FRR = 1
  }

  /**
   * The operating point with the highest true accept rate whose false accept rate is at most {@code
   * far} (and, among those, the lowest threshold). No interpolation: a point the verifier can
   * really run at.
   */
  public RocPoint atFar(double far) {
    if (!(far >= 0 && far <= 1)) {
      throw new IllegalArgumentException("a false accept rate is between 0 and 1, got " + far);
    }
    RocPoint best = points.get(0);
    for (RocPoint p : points) {
      if (p.far() <= far && p.tar() > best.tar()) {
        best = p;
      }
    }
    return best;
  }

  /** True accept rate at a false accept rate of at most {@code far}. */
  public double tarAtFar(double far) {
    return atFar(far).tar();
  }

  /**
   * The threshold that keeps the false accept rate at most {@code far} while accepting the most
   * same-person pairs.
   */
  public double thresholdForFar(double far) {
    return atFar(far).threshold();
  }

  /** The operating point of any threshold (pairs with a distance under it accepted). */
  public RocPoint at(double threshold) {
    int sameAccepted = 0;
    int diffAccepted = 0;
    for (ScoredPair p : pairs) {
      if (p.acceptedAt(threshold)) {
        if (p.same()) {
          sameAccepted++;
        } else {
          diffAccepted++;
        }
      }
    }
    return new RocPoint(
        threshold, (double) diffAccepted / differentCount, (double) sameAccepted / sameCount);
  }
}
