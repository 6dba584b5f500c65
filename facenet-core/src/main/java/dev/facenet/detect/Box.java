package dev.facenet.detect;

/**
 * An axis-aligned face box in picture pixels: the top-left corner (x, y) and the size. A detector gives one
 * per face; the landmark nets take it as the region to look in. Values are doubles because detectors place
 * boxes at sub-pixel positions.
 */
public record Box(double x, double y, double width, double height) {}
