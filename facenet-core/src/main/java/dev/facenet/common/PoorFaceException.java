package dev.facenet.common;

import java.util.Locale;

/**
 * A face refused by enrolment because its quality is under the floor ({@link FaceQuality#FLOOR}):
 * its own type so that the service can answer it with its own error code, and so that a caller can
 * read the {@link #quality()} that was measured. The message says what is wrong with the face.
 */
public class PoorFaceException extends FaceNetException {
  private final transient FaceQuality quality;

  /** "{@code label}: the face is too poor to enrol (quality 0.21, under 0.35: 18 px wide)...". */
  public static PoorFaceException of(String label, FaceQuality quality) {
    return new PoorFaceException(
        String.format(
            Locale.ROOT,
            "%s: the face is too poor to enrol (quality %.2f, under %.2f: %s); give a sharper,"
                + " larger or more frontal picture, or force it",
            label,
            quality.score(),
            FaceQuality.FLOOR,
            quality.problems().isEmpty()
                ? "several small faults"
                : String.join(", ", quality.problems())),
        quality);
  }

  private PoorFaceException(String message, FaceQuality quality) {
    super(message);
    this.quality = quality;
  }

  /** The same refusal with {@code prefix} before the message (e.g. "enrol Ann: "). */
  public PoorFaceException prefixed(String prefix) {
    return new PoorFaceException(prefix + getMessage(), quality);
  }

  /** The quality that was measured. */
  public FaceQuality quality() {
    return quality;
  }
}
