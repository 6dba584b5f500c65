package dev.facenet.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one JSON writer of the CLI: compact (one line per value), nulls written out, no HTML
 * escaping.
 */
final class Json {
  static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}
}
