package dev.facenet;

import dev.facenet.common.Embedding;
import java.nio.file.Path;

/**
 * What bulk encoding for enrolment ({@link FaceNet#encodeEach}) gives for one picture: the encoding
 * enrolment would store, or why the picture is skipped (unreadable, no face, several faces without
 * {@link FaceNet.Builder#enrollLargest}). A skipped picture does not stop the others.
 *
 * @param embedding null when skipped
 * @param skipped the one-line reason; null when encoded
 */
public record PictureEncoding(Path image, Embedding embedding, String skipped) {

  /** Was the picture encoded? */
  public boolean encoded() {
    return skipped == null;
  }
}
