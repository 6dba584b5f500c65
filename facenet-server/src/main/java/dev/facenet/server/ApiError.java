package dev.facenet.server;

/**
 * A request answered with an error: its HTTP status and the JSON body {@code {"error": code,
 * "message": message}}, where {@code code} is a stable word a client can test and {@code message}
 * one line a person can read.
 */
final class ApiError extends RuntimeException {
  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  static ApiError notFound(String code, String message) {
    return new ApiError(404, code, message);
  }

  /** The JSON body. */
  record Body(String error, String message) {}

  Body body() {
    return new Body(code, getMessage());
  }
}
