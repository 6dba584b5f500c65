package dev.facenet.common;

/**
 * The one exception type users of the library and the CLI see for anything they can fix themselves:
 * a file that is not an image, an unknown name, a gallery that is not ours, missing weights. Its
 * message is one line meant for a person, so the CLI prints it as it is.
 */
public class FaceNetException extends RuntimeException {
  public FaceNetException(String message) {
    super(message);
  }

  public FaceNetException(String message, Throwable cause) {
    super(message, cause);
  }
}
