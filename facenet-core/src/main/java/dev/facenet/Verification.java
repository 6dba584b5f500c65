package dev.facenet;

import dev.facenet.common.FaceQuality;

/**
 * The answer to "is this picture person X?": the distance from the picture's encoding to X's
 * nearest stored encoding, the threshold it was judged against, and whether it is under it (the
 * seed's "Matched"), with the quality of the picture's face (null in whole-image mode), so that a
 * caller can tell an answer about a face too poor to trust ({@link #poor()}).
 */
public record Verification(
    String name, double distance, boolean match, double threshold, FaceQuality quality) {

  /** Was the picture's face under the quality floor ({@link FaceQuality#FLOOR})? */
  public boolean poor() {
    return quality != null && quality.poor();
  }
}
