package dev.facenet.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one JSON writer of the CLI: compact (one line per value), nulls written out, no HTML
 * escaping.
 */
final class Json {
  static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          // instants as ISO-8601 text (Gson cannot reach into java.time's fields)
          .registerTypeAdapter(
              java.time.Instant.class,
              (com.google.gson.JsonSerializer<java.time.Instant>)
                  (t, type, context) -> new com.google.gson.JsonPrimitive(t.toString()))
          // a face's quality as its summary: score, verdict and problems first, then the
          // measurements
          .registerTypeAdapter(
              dev.facenet.common.FaceQuality.class,
              (com.google.gson.JsonSerializer<dev.facenet.common.FaceQuality>)
                  (q, type, context) -> context.serialize(q.summary()))
          .create();

  private Json() {}
}
