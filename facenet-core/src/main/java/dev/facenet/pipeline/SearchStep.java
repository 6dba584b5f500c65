package dev.facenet.pipeline;

import java.util.Locale;

/**
 * One way of looking for faces: a detector ({@code ssd}, {@code tiny} or {@code mtcnn}), on the
 * picture as it is or padded and upscaled ({@link PaddedPicture}), or turned a quarter, a half or
 * three quarters ({@link TurnedPicture}), at a minimum confidence, normal or lowered. {@link
 * FaceFinder} tries its steps in a fixed order until one finds a face, and tags every face with the
 * step's label.
 *
 * @param turn degrees the picture is turned clockwise before the search: 0, 90, 180 or 270
 */
public record SearchStep(
    String detector, boolean padded, double minConfidence, boolean lowered, int turn) {

  public SearchStep {
    if (turn != 0 && turn != 90 && turn != 180 && turn != 270) {
      throw new IllegalArgumentException("a turn is 0, 90, 180 or 270 degrees, not " + turn);
    }
  }

  /** A step on the picture as it stands. */
  public SearchStep(String detector, boolean padded, double minConfidence, boolean lowered) {
    this(detector, padded, minConfidence, lowered, 0);
  }

  /**
   * How the face was found, e.g. {@code ssd}, {@code ssd padded}, {@code tiny padded min 0.30},
   * {@code ssd turned 90}.
   */
  public String label() {
    return detector
        + (padded ? " padded" : "")
        + (lowered ? " min " + String.format(Locale.ROOT, "%.2f", minConfidence) : "")
        + (turn != 0 ? " turned " + turn : "");
  }
}
