package dev.facenet.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The face detector tried first ({@code --detector}); when it finds nothing, the other one is tried. */
public enum Detector {
  /** SSD MobileNet v1: accurate, the default. */
  SSD("ssd"),
  /** face-api's Tiny Face Detector: fast. */
  TINY("tiny");

  private final String id;

  Detector(String id) {
    this.id = id;
  }

  /** The name on the command line and in the face finder, e.g. {@code ssd}. */
  public String id() {
    return id;
  }

  /** The detector named {@code s} (case and surrounding spaces ignored). */
  public static Detector parse(String s) {
    String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (Detector d : values()) {
      if (d.id.equals(n)) {
        return d;
      }
    }
    throw new FaceNetException("unknown detector '" + s + "' (known: "
        + Arrays.stream(values()).map(Detector::id).collect(Collectors.joining(", ")) + ")");
  }

  @Override
  public String toString() {
    return id;
  }
}
