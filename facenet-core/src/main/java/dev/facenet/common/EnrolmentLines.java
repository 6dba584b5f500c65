package dev.facenet.common;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The gallery's exchange format: one JSON object per line, {@code
 * {"name":..,"model":..,"crop":..,"embedding":[..],"sha256":..}}, what {@code facenet export}
 * writes and {@code facenet import} reads, to move a gallery between stores and machines. Values
 * are written in Java's shortest form that reads back to the same float, so a round trip is bit for
 * bit. {@code sha256}, the hash of the picture the encoding came from, is there only when the
 * gallery knows it, and travels so that bulk enrolment into the new store still skips those
 * pictures.
 *
 * <p>Stateless; the iterator from {@link #read} belongs to one thread.
 */
public final class EnrolmentLines {
  private EnrolmentLines() {}

  /** One entry as one line (without the line break). */
  public static String write(Enrolment e) {
    StringWriter text = new StringWriter(64 + e.embedding().dimension() * 12);
    try (JsonWriter w = new JsonWriter(text)) {
      w.setHtmlSafe(false);
      w.beginObject();
      w.name("name").value(e.name());
      w.name("model").value(e.embedding().model());
      w.name("crop").value(e.embedding().crop());
      w.name("embedding").beginArray();
      for (int i = 0; i < e.embedding().dimension(); i++) {
        // a float's own shortest decimal, not the longer one of the double it widens to
        w.jsonValue(Float.toString(e.embedding().get(i)));
      }
      w.endArray();
      if (e.picture() != null) {
        w.name("sha256").value(e.picture().hex());
      }
      w.endObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString();
  }

  /**
   * The entries of {@code in}, one per line, read as they are asked for. Every line must be an
   * entry: a line that is not (blank lines included) stops the reading with a {@link
   * FaceNetException} naming it ("line 12: ..."), so the entry number a gallery reports is the line
   * number.
   */
  public static Iterator<Enrolment> read(BufferedReader in) {
    return new Iterator<>() {
      private long line;
      private Enrolment next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          String text;
          try {
            text = in.readLine();
          } catch (IOException e) {
            throw new FaceNetException("cannot read line " + (line + 1) + ": " + e.getMessage(), e);
          }
          if (text == null) {
            done = true;
          } else {
            line++;
            next = parse(text, line);
          }
        }
        return next != null;
      }

      @Override
      public Enrolment next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Enrolment e = next;
        next = null;
        return e;
      }
    };
  }

  /** One line read as an entry; errors name the line. */
  static Enrolment parse(String text, long line) {
    String where = "line " + line + ": ";
    if (text.isBlank()) {
      throw new FaceNetException(where + "empty (each line holds one encoding)");
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new FaceNetException(where + "not JSON (" + shortMessage(e) + ")");
    }
    if (!root.isJsonObject()) {
      throw new FaceNetException(where + "not a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    String name = text(o, "name", where);
    String model = text(o, "model", where);
    String crop = text(o, "crop", where);
    JsonElement values = o.get("embedding");
    if (values == null || !values.isJsonArray()) {
      throw new FaceNetException(where + "\"embedding\" must be an array of numbers");
    }
    JsonArray array = values.getAsJsonArray();
    if (array.isEmpty()) {
      throw new FaceNetException(where + "\"embedding\" is empty");
    }
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      JsonElement x = array.get(i);
      if (!(x instanceof JsonPrimitive p) || !p.isNumber()) {
        throw new FaceNetException(where + "\"embedding\" value " + (i + 1) + " is not a number");
      }
      float f;
      try {
        f = Float.parseFloat(p.getAsString());
      } catch (NumberFormatException e) {
        throw new FaceNetException(where + "\"embedding\" value " + (i + 1) + " is not a number");
      }
      if (!Float.isFinite(f)) {
        throw new FaceNetException(
            where + "\"embedding\" value " + (i + 1) + " does not fit in a float: " + p);
      }
      v[i] = f;
    }
    ContentHash picture = null;
    JsonElement hash = o.get("sha256");
    if (hash != null && !hash.isJsonNull()) {
      try {
        picture = new ContentHash(text(o, "sha256", where));
      } catch (FaceNetException notAHash) {
        throw new FaceNetException(where + "\"sha256\" must be 64 hex digits");
      }
    }
    return new Enrolment(name, new Embedding(model, crop, v), picture);
  }

  private static String text(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new FaceNetException(where + "\"" + key + "\" is missing");
    }
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw new FaceNetException(where + "\"" + key + "\" must be a string");
    }
    return p.getAsString();
  }

  /** Where Gson stopped, without its advice on lenient parsing. */
  private static String shortMessage(Exception e) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("column (\\d+)").matcher(String.valueOf(e.getMessage()));
    return m.find() ? "at character " + m.group(1) : "unreadable";
  }
}
