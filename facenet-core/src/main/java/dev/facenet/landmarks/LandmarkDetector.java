package dev.facenet.landmarks;

import dev.facenet.common.Box;
import dev.facenet.common.Landmarks;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Places the 68 landmarks of a face that a detector has boxed. The pipeline only needs this
 * contract, so the full and the tiny landmark nets are interchangeable. Implementations hold native
 * network weights: close them when done.
 */
public interface LandmarkDetector extends AutoCloseable {

  /** A short name for logs and reports, e.g. {@code face_landmark_68}. */
  String name();

  /**
   * The landmarks of the face in {@code box}, in the picture's pixel coordinates.
   *
   * @throws dev.facenet.common.FaceNetException when the box does not overlap the picture
   */
  Landmarks landmarks(BufferedImage picture, Box box);

  /**
   * The landmarks of several faces of one picture, in the order of the boxes (implementations batch
   * them).
   */
  default List<Landmarks> landmarks(BufferedImage picture, List<Box> boxes) {
    List<Landmarks> out = new ArrayList<>(boxes.size());
    for (Box b : boxes) {
      out.add(landmarks(picture, b));
    }
    return out;
  }

  @Override
  void close();
}
