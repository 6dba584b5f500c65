package dev.facenet.pipeline;

import java.util.Locale;

/**
 * One way of looking for faces: a detector ({@code ssd}, {@code tiny} or {@code mtcnn}), on the
 * picture as it is or padded and upscaled ({@link PaddedPicture}), at a minimum confidence, normal
 * or lowered. {@link FaceFinder} tries its steps in a fixed order until one finds a face, and tags
 * every face with the step's label.
 */
public record SearchStep(String detector, boolean padded, double minConfidence, boolean lowered) {

  /** How the face was found, e.g. {@code ssd}, {@code ssd padded}, {@code tiny padded min 0.3}. */
  public String label() {
    return detector
        + (padded ? " padded" : "")
        + (lowered ? " min " + String.format(Locale.ROOT, "%.2f", minConfidence) : "");
  }
}
