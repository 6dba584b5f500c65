package dev.facenet.detect;

import dev.facenet.common.FaceNetException;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds the faces in a picture. Separates "where are the faces" from what is done with them
 * (landmarks, alignment, encoding), so the pipeline can switch detectors, e.g. try another one when
 * the first finds nothing. Implementations are thread-safe: one instance serves any number of
 * threads.
 */
public interface FaceDetector extends AutoCloseable {

  /** The detector's id, e.g. {@code ssd} or {@code tiny}. */
  String name();

  /** Detections scoring at most this are dropped. */
  double minConfidence();

  /**
   * Changes the confidence {@link #detect(BufferedImage)} uses; it must lie strictly between 0 and
   * 1.
   */
  void setMinConfidence(double minConfidence);

  /** The faces in the picture, most confident first, boxes in the picture's pixels. */
  default List<Detection> detect(BufferedImage image) {
    return detect(image, minConfidence());
  }

  /**
   * As {@link #detect(BufferedImage)} with a confidence for this call only (say, a second, lower
   * try).
   */
  List<Detection> detect(BufferedImage image, double minConfidence);

  /**
   * The faces of each picture, as {@link #detect(BufferedImage, double)} gives them one by one; a
   * detector may run them as one batch, which costs less than as many calls.
   */
  default List<List<Detection>> detectAll(List<BufferedImage> images, double minConfidence) {
    List<List<Detection>> out = new java.util.ArrayList<>(images.size());
    for (BufferedImage image : images) {
      out.add(detect(image, minConfidence));
    }
    return out;
  }

  /** Frees the network's native memory; the detector cannot be used afterwards. */
  @Override
  void close();

  /** Checks a minimum confidence as face-api does: strictly between 0 and 1. */
  static double checkConfidence(double minConfidence) {
    if (!(minConfidence > 0 && minConfidence < 1)) {
      throw new FaceNetException(
          "minimum confidence must be between 0 and 1 (exclusive), got " + minConfidence);
    }
    return minConfidence;
  }
}
