package dev.facenet.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before a request reaches the service (a request line or headers
 * over its limits, a request it cannot parse), in the service's JSON shape {@code
 * {"error":CODE,"message":..}} instead of Jetty's HTML page: a client reads every error the same
 * way.
 *
 * <p>Thread-safe (stateless).
 */
final class JettyErrors extends ErrorHandler {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final HttpField JSON =
      new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

  /** The error code of a status Jetty answers by itself. */
  static String code(int status) {
    return switch (status) {
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 413 -> "too_large";
      case 408 -> "request_timeout";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  static byte[] body(int status, String message) {
    String m = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    return GSON.toJson(new ApiError(status, code(status), m).body())
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(JSON);
    response.write(true, ByteBuffer.wrap(body(status, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(body(status, reason));
  }
}
