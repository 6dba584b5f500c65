package dev.facenet.pipeline;

import dev.facenet.common.Box;
import dev.facenet.common.Landmarks;

/**
 * A face located in a picture, before it is encoded: its box and detection score, its 68 landmarks
 * (all in the picture's pixels) and which search step found it ({@link SearchStep#label()}), so a
 * caller can tell a face the detector saw at once from one only a padded or lower-confidence search
 * gave up.
 */
public record FoundFace(Box box, double score, Landmarks landmarks, String foundBy) {

  /** The same face in a picture resized by {@code factor} (box and landmarks scaled). */
  public FoundFace scale(double factor) {
    return new FoundFace(
        box.scale(factor, factor), score, landmarks.scale(factor, factor), foundBy);
  }
}
