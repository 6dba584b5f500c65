package dev.facenet.common;

/**
 * How the face is cut out of a picture before it is encoded: found and aligned to the encoder's
 * chip (the default), or the whole picture taken as the face (crop {@link Crops#WHOLE_IMAGE}, the
 * seed's head crops).
 */
public enum CropMode implements Choice {
  /** Detected, given landmarks and aligned to the encoder's chip. */
  ALIGNED("aligned"),
  /** The whole picture is the face: no detection, no alignment. */
  WHOLE_IMAGE("whole");

  private final String id;

  CropMode(String id) {
    this.id = id;
  }

  /** The name on the command line ({@code train --crop}). */
  @Override
  public String id() {
    return id;
  }

  /** The mode named {@code s} (case and surrounding spaces ignored). */
  public static CropMode parse(String s) {
    return Choice.find(CropMode.class, s)
        .orElseThrow(() -> new FaceNetException("unknown --crop '" + s + "' (aligned or whole)"));
  }

  @Override
  public String toString() {
    return id;
  }
}
