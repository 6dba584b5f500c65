package dev.facenet.evaluate;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceQuality;

/**
 * The encoding of one picture of an evaluation, whether a face was really found in it, and the
 * found face's quality; when no face was found, the encoding is the pipeline's best guess (the one
 * recognize would use), the picture is counted, and its quality is null (also in whole-image mode,
 * where none is measured).
 */
public record EncodedPicture(Embedding embedding, boolean faceFound, FaceQuality quality) {

  /** A picture without a measured quality. */
  public EncodedPicture(Embedding embedding, boolean faceFound) {
    this(embedding, faceFound, null);
  }
}
