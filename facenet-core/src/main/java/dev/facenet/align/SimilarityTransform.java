package dev.facenet.align;

import dev.facenet.common.Point;
import java.util.List;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation; no shear, no mirror): x' = a x
 * - b y + tx, y' = b x + a y + ty, where a = s cos(angle) and b = s sin(angle). Alignment fits one
 * from template points to landmarks and warps the picture with it.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /** The transform that changes nothing. */
  public static SimilarityTransform identity() {
    return new SimilarityTransform(1, 0, 0, 0);
  }

  /**
   * Rotation by {@code angle} radians and scaling by {@code scale} about the origin, then a shift.
   */
  public static SimilarityTransform of(double scale, double angle, double tx, double ty) {
    return new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle), tx, ty);
  }

  /**
   * The least-squares similarity transform taking {@code from[i]} to {@code to[i]}: minimises the
   * sum of |T(from[i]) - to[i]|^2 over rotations, uniform scales and translations (Umeyama 1991; in
   * 2-D the solution has the closed form used here, with no reflection).
   *
   * @throws IllegalArgumentException with fewer than two pairs, lists of different length, or all
   *     {@code from} points equal
   */
  public static SimilarityTransform fit(List<Point> from, List<Point> to) {
    int n = from.size();
    if (n != to.size() || n < 2) {
      throw new IllegalArgumentException(
          "a similarity transform needs two lists of at least 2 points of the same"
              + " length, got "
              + n
              + " and "
              + to.size());
    }
    double fx = 0, fy = 0, gx = 0, gy = 0;
    for (int i = 0; i < n; i++) {
      fx += from.get(i).x();
      fy += from.get(i).y();
      gx += to.get(i).x();
      gy += to.get(i).y();
    }
    fx /= n;
    fy /= n;
    gx /= n;
    gy /= n;
    // With the points centred and read as complex numbers p (from) and q (to), the best q ~ c p has
    // c = sum(conj(p) q) / sum(|p|^2); c = a + ib holds scale and rotation.
    double dot = 0, cross = 0, norm = 0;
    for (int i = 0; i < n; i++) {
      double px = from.get(i).x() - fx;
      double py = from.get(i).y() - fy;
      double qx = to.get(i).x() - gx;
      double qy = to.get(i).y() - gy;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
      norm += px * px + py * py;
    }
    if (norm == 0) {
      throw new IllegalArgumentException(
          "a similarity transform cannot be fitted to points that are all equal");
    }
    double a = dot / norm;
    double b = cross / norm;
    return new SimilarityTransform(a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy));
  }

  public Point apply(Point p) {
    return apply(p.x(), p.y());
  }

  public Point apply(double x, double y) {
    return new Point(a * x - b * y + tx, b * x + a * y + ty);
  }

  /** The uniform scale factor. */
  public double scale() {
    return Math.hypot(a, b);
  }

  /**
   * The rotation in radians (counter-clockwise in x-right, y-up terms; clockwise on screen, y
   * down).
   */
  public double angle() {
    return Math.atan2(b, a);
  }

  /** The transform that undoes this one. */
  public SimilarityTransform inverse() {
    double d = a * a + b * b;
    if (d == 0) {
      throw new IllegalStateException("a transform with scale 0 has no inverse");
    }
    double ia = a / d;
    double ib = -b / d;
    return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  /** This transform after {@code first}: p -> this(first(p)). */
  public SimilarityTransform after(SimilarityTransform first) {
    return new SimilarityTransform(
        a * first.a - b * first.b,
        b * first.a + a * first.b,
        a * first.tx - b * first.ty + tx,
        b * first.tx + a * first.ty + ty);
  }
}
