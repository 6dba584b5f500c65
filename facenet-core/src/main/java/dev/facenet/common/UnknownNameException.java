package dev.facenet.common;

/**
 * A name the gallery does not hold, given where a known person is expected (verify, remove). A
 * separate type so that callers can answer it as "not found" (the server's 404) rather than as bad
 * input.
 */
public class UnknownNameException extends FaceNetException {
  public UnknownNameException(String name) {
    super("unknown name '" + name + "': not in the gallery");
  }
}
