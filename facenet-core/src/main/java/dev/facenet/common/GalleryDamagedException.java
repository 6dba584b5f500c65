package dev.facenet.common;

/**
 * A stored row the gallery cannot use: an encoding whose bytes do not make the vector its model
 * promises, or that holds a value that is not a finite number. A separate type because it is the
 * store's fault, not the caller's: the server answers it as a server error, the CLI with exit code
 * 2, and {@code facenet check} says what to repair.
 */
public class GalleryDamagedException extends FaceNetException {
  public GalleryDamagedException(String message) {
    super(message);
  }
}
