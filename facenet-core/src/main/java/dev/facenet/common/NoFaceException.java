package dev.facenet.common;

/**
 * A picture in which no face was found (after every search step). A separate type because for some
 * callers it is an answer, not a failure: {@code facenet verify} reports "no match" (exit code 1)
 * for it.
 */
public class NoFaceException extends FaceNetException {
  public NoFaceException(String message) {
    super(message);
  }
}
