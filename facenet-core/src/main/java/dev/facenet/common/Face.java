package dev.facenet.common;

/**
 * One face of a photo as the library returns it: where it is ({@code box}, picture pixels), how
 * sure the detector was ({@code score}), its 68 {@code landmarks}, its {@code embedding} (made from
 * the aligned chip) and how it was found ({@code foundBy}: the search step, e.g. {@code ssd} or
 * {@code ssd padded}) and how far it can be trusted ({@code quality}: size, sharpness, pose, light,
 * detector confidence).
 *
 * <p>Faces that were only located ({@code FaceNet.locate}) have no {@code embedding} (null).
 *
 * <p>In whole-image mode no detector runs: the box is the whole picture, {@code score} is NaN,
 * {@code landmarks} and {@code quality} are null and {@code foundBy} is {@value Crops#WHOLE_IMAGE}.
 */
public record Face(
    Box box,
    double score,
    Landmarks landmarks,
    Embedding embedding,
    String foundBy,
    FaceQuality quality) {

  /** The box's area in pixels, to pick the largest face. */
  public double area() {
    return box.area();
  }

  /** True when a detector found it (false in whole-image mode). */
  public boolean detected() {
    return landmarks != null;
  }

  /**
   * The same face in a picture resized by {@code factor}: box, landmarks and the quality's width
   * scaled, the encoding kept.
   */
  public Face scale(double factor) {
    return new Face(
        box.scale(factor, factor),
        score,
        landmarks == null ? null : landmarks.scale(factor, factor),
        embedding,
        foundBy,
        quality == null ? null : quality.scale(factor));
  }
}
