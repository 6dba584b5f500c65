package dev.facenet.common;

import java.util.Locale;

/**
 * How the face is cut out of a picture before it is encoded: found and aligned to the encoder's chip (the
 * default), or the whole picture taken as the face (crop {@link Crops#WHOLE_IMAGE}, the seed's head crops).
 */
public enum CropMode {
  /** Detected, given landmarks and aligned to the encoder's chip. */
  ALIGNED("aligned"),
  /** The whole picture is the face: no detection, no alignment. */
  WHOLE_IMAGE("whole");

  private final String id;

  CropMode(String id) {
    this.id = id;
  }

  /** The name on the command line ({@code train --crop}). */
  public String id() {
    return id;
  }

  /** The mode named {@code s} (case and surrounding spaces ignored). */
  public static CropMode parse(String s) {
    String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (CropMode m : values()) {
      if (m.id.equals(n)) {
        return m;
      }
    }
    throw new FaceNetException("unknown --crop '" + s + "' (aligned or whole)");
  }

  @Override
  public String toString() {
    return id;
  }
}
