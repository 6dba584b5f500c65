package dev.facenet.evaluate;

import dev.facenet.FaceNet;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a batch of picture files into encodings, one per file in order. The evaluation depends on this and
 * not on a network, so the same metrics run on whatever pipeline makes the encodings.
 */
@FunctionalInterface
public interface BatchEncoder {
  List<EncodedPicture> encode(List<Path> pictures);

  /**
   * The facade's pipeline ({@link FaceNet#encodeAll}). It currently takes the whole picture as the face,
   * so every picture counts as a face found.
   */
  static BatchEncoder of(FaceNet faces) {
    return pictures -> faces.encodeAll(pictures).stream().map(e -> new EncodedPicture(e, true)).toList();
  }
}
