package dev.facenet;

import dev.facenet.common.FaceQuality;

/**
 * The answer to "do these two pictures show the same person?" without a gallery (face_recognition's
 * {@code compare_faces}, deepface's {@code verify(img1, img2)}): the distance between their largest
 * faces' encodings, the threshold it was judged against, and whether it is under it, with the
 * quality of each face (null in whole-image mode, or when compared from encodings alone).
 */
public record Comparison(
    double distance,
    boolean match,
    double threshold,
    FaceQuality firstQuality,
    FaceQuality secondQuality) {

  /** Was either face under the quality floor ({@link FaceQuality#FLOOR})? */
  public boolean poor() {
    return (firstQuality != null && firstQuality.poor())
        || (secondQuality != null && secondQuality.poor());
  }
}
