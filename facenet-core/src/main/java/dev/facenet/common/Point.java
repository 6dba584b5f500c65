package dev.facenet.common;

/** A position in picture pixels (x to the right, y down), for landmarks and template points. */
public record Point(double x, double y) {

  /** Euclidean distance to another point. */
  public double distance(Point other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
