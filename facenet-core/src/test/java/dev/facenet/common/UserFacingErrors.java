package dev.facenet.common;

/**
 * The contract every fuzz test of a parser checks: whatever the input, the parser gives a result or
 * refuses the input with a {@link FaceNetException}, whose message the tool prints as the line a
 * person reads (the tool folds any line breaks a quoted input brings into it). Any other throwable
 * (a NullPointerException, an index out of bounds, an OutOfMemoryError, a raw
 * NumberFormatException) escapes and Jazzer reports the input as a crash.
 */
public final class UserFacingErrors {
  private UserFacingErrors() {}

  /** What a parse step does; it may throw anything, which is the point. */
  @FunctionalInterface
  public interface Parse {
    void run() throws Exception;
  }

  /**
   * Runs {@code parse}; a {@link FaceNetException} with a message is accepted, anything else is
   * rethrown.
   */
  public static void allowOnlyFaceNetException(Parse parse) throws Exception {
    try {
      parse.run();
    } catch (FaceNetException e) {
      String m = e.getMessage();
      if (m == null || m.isBlank()) {
        throw new AssertionError("a refusal without a message", e);
      }
    }
  }
}
