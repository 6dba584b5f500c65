package dev.facenet.landmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Box;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The faces of golden/landmarks.json (face-api on the demo photos), for tests. */
public final class GoldenFaces {
  /** One face as face-api found it: its detection box and both nets' landmarks. */
  public record Face(
      String image, int index, Box box, double score, Landmarks full, Landmarks tiny) {}

  /** One demo photo as Node decoded it: size and SHA-256 of its RGB bytes. */
  public record Photo(String image, int width, int height, String rgbSha256, List<Face> faces) {}

  private GoldenFaces() {}

  public static List<Photo> photos() {
    JsonObject golden;
    try (Reader r =
        new InputStreamReader(
            GoldenFaces.class.getResourceAsStream("/golden/landmarks.json"),
            StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Photo> photos = new ArrayList<>();
    for (JsonElement ie : golden.getAsJsonArray("images")) {
      JsonObject image = ie.getAsJsonObject();
      String name = image.get("image").getAsString();
      List<Face> faces = new ArrayList<>();
      int i = 0;
      for (JsonElement fe : image.getAsJsonArray("faces")) {
        JsonObject f = fe.getAsJsonObject();
        JsonObject b = f.getAsJsonObject("box");
        Box box =
            new Box(
                b.get("x").getAsDouble(),
                b.get("y").getAsDouble(),
                b.get("width").getAsDouble(),
                b.get("height").getAsDouble());
        faces.add(
            new Face(
                name,
                i++,
                box,
                f.get("score").getAsDouble(),
                points(f.getAsJsonArray("landmarks")),
                points(f.getAsJsonArray("landmarksTiny"))));
      }
      photos.add(
          new Photo(
              name,
              image.get("width").getAsInt(),
              image.get("height").getAsInt(),
              image.get("rgbSha256").getAsString(),
              List.copyOf(faces)));
    }
    return photos;
  }

  public static List<Face> faces() {
    return photos().stream().flatMap(p -> p.faces().stream()).toList();
  }

  /** A demo photo of the unpacked npm package. */
  public static BufferedImage picture(String name) {
    return PICTURES.computeIfAbsent(
        name, n -> ImageLoader.load(Path.of(System.getProperty("facenet.package"), "demo", n)));
  }

  /** Decoded once per test JVM: the six photos are read by several test classes. */
  private static final Map<String, BufferedImage> PICTURES = new ConcurrentHashMap<>();

  private static Landmarks points(JsonArray a) {
    List<Point> p = new ArrayList<>();
    for (JsonElement e : a) {
      p.add(
          new Point(
              e.getAsJsonArray().get(0).getAsDouble(), e.getAsJsonArray().get(1).getAsDouble()));
    }
    return new Landmarks(p);
  }
}
