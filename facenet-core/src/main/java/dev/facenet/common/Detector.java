package dev.facenet.common;

/**
 * The face detector tried first ({@code --detector}); when it finds nothing, the other one is
 * tried.
 */
public enum Detector implements Choice {
  /** SSD MobileNet v1: accurate, the default. */
  SSD("ssd"),
  /** face-api's Tiny Face Detector: fast. */
  TINY("tiny");

  private final String id;

  Detector(String id) {
    this.id = id;
  }

  /** The name on the command line and in the face finder, e.g. {@code ssd}. */
  @Override
  public String id() {
    return id;
  }

  /** The detector named {@code s} (case and surrounding spaces ignored). */
  public static Detector parse(String s) {
    return Choice.find(Detector.class, s)
        .orElseThrow(
            () ->
                new FaceNetException(
                    "unknown detector '"
                        + s
                        + "' (known: "
                        + String.join(", ", Choice.ids(Detector.class))
                        + ")"));
  }

  @Override
  public String toString() {
    return id;
  }
}
