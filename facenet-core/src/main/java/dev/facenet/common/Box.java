package dev.facenet.common;

/**
 * An axis-aligned rectangle: where a face is in a picture, in picture pixels (x, y = top-left
 * corner). Kept in doubles as the detectors compute it, so later stages (landmarks, drawing, JSON)
 * decide how to round.
 */
public record Box(double x, double y, double width, double height) {

  /** The box between two corners. */
  public static Box fromCorners(double left, double top, double right, double bottom) {
    return new Box(left, top, right - left, bottom - top);
  }

  public double right() {
    return x + width;
  }

  public double bottom() {
    return y + height;
  }

  public double area() {
    return width * height;
  }

  /**
   * This box with every coordinate multiplied: from relative (0..1) units to pixels, for instance.
   */
  public Box scale(double sx, double sy) {
    return new Box(x * sx, y * sy, width * sx, height * sy);
  }
}
