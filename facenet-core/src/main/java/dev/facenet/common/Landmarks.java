package dev.facenet.common;

import java.util.List;

/**
 * The 68 facial landmarks of one face in picture pixels, in the iBUG 300-W / dlib order: jaw 0-16,
 * brows 17-21 and 22-26, nose 27-35, eyes 36-41 and 42-47, mouth 48-67. Alignment, drawing and JSON
 * output all read them from here, so the index ranges live in one place.
 *
 * <p>"Left" and "right" below mean the side of the picture, as face-api names them: the left eye
 * (36-41) is the person's right eye.
 */
public record Landmarks(List<Point> points) {
  /** Number of points of the 68-point scheme. */
  public static final int COUNT = 68;

  public Landmarks {
    if (points.size() != COUNT) {
      throw new IllegalArgumentException("68 landmarks expected, got " + points.size());
    }
    points = List.copyOf(points);
  }

  /** Point number {@code i} (0..67). */
  public Point get(int i) {
    return points.get(i);
  }

  /** Centre of the eye on the picture's left (points 36-41). */
  public Point leftEyeCentre() {
    return mean(36, 42);
  }

  /** Centre of the eye on the picture's right (points 42-47). */
  public Point rightEyeCentre() {
    return mean(42, 48);
  }

  /** Centre of the mouth (points 48-67). */
  public Point mouthCentre() {
    return mean(48, 68);
  }

  /** Tip of the nose (point 30). */
  public Point noseTip() {
    return get(30);
  }

  /** Distance between the two eye centres. */
  public double interocularDistance() {
    return leftEyeCentre().distance(rightEyeCentre());
  }

  /** The largest distance between corresponding points of two landmark sets. */
  public double maxDistance(Landmarks other) {
    double max = 0;
    for (int i = 0; i < COUNT; i++) {
      max = Math.max(max, get(i).distance(other.get(i)));
    }
    return max;
  }

  /** The points as [[x, y], ...], the shape of the JSON output. */
  /**
   * The points with x multiplied by {@code sx} and y by {@code sy}: the same face in a resized
   * picture.
   */
  public Landmarks scale(double sx, double sy) {
    return new Landmarks(points.stream().map(p -> new Point(p.x() * sx, p.y() * sy)).toList());
  }

  public double[][] toArray() {
    double[][] out = new double[COUNT][];
    for (int i = 0; i < COUNT; i++) {
      out[i] = new double[] {get(i).x(), get(i).y()};
    }
    return out;
  }

  /** Mean of points {@code from} (inclusive) to {@code to} (exclusive). */
  private Point mean(int from, int to) {
    double x = 0;
    double y = 0;
    for (int i = from; i < to; i++) {
      x += points.get(i).x();
      y += points.get(i).y();
    }
    int n = to - from;
    return new Point(x / n, y / n);
  }
}
