package dev.facenet.landmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.detect.Box;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both landmark nets against face-api itself: reference/node/golden-landmarks.mjs ran face-api's SSD and
 * landmark nets on the six demo photos of the npm package and kept, per face, the detection box and the 68
 * landmarks. We feed the same boxes to our nets and want every landmark within 1 px.
 */
class LandmarkParityTest {
  private static JsonObject golden;
  private static FaceLandmark68Net full;
  private static FaceLandmark68TinyNet tiny;

  @BeforeAll
  static void load() throws Exception {
    try (Reader r = new InputStreamReader(
        LandmarkParityTest.class.getResourceAsStream("/golden/landmarks.json"), StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject();
    }
    full = new FaceLandmark68Net();
    tiny = new FaceLandmark68TinyNet();
  }

  @AfterAll
  static void close() {
    full.close();
    tiny.close();
  }

  static Path demo(String name) {
    return Path.of(System.getProperty("facenet.package"), "demo", name);
  }

  static Box box(JsonObject b) {
    return new Box(b.get("x").getAsDouble(), b.get("y").getAsDouble(), b.get("width").getAsDouble(),
        b.get("height").getAsDouble());
  }

  static Landmarks points(JsonArray a) {
    List<Point> p = new ArrayList<>();
    for (JsonElement e : a) {
      p.add(new Point(e.getAsJsonArray().get(0).getAsDouble(), e.getAsJsonArray().get(1).getAsDouble()));
    }
    return new Landmarks(p);
  }

  @Test
  void fullNetMatchesFaceApiWithinOnePixel() {
    assertParity(full, "landmarks");
  }

  @Test
  void tinyNetMatchesFaceApiWithinOnePixel() {
    assertParity(tiny, "landmarksTiny");
  }

  private void assertParity(LandmarkDetector net, String key) {
    int faces = 0;
    double worst = 0;
    for (JsonElement ie : golden.getAsJsonArray("images")) {
      JsonObject image = ie.getAsJsonObject();
      BufferedImage picture = ImageLoader.load(demo(image.get("image").getAsString()));
      List<Box> boxes = new ArrayList<>();
      List<Landmarks> expected = new ArrayList<>();
      for (JsonElement fe : image.getAsJsonArray("faces")) {
        boxes.add(box(fe.getAsJsonObject().getAsJsonObject("box")));
        expected.add(points(fe.getAsJsonObject().getAsJsonArray(key)));
      }
      List<Landmarks> actual = net.landmarks(picture, boxes);
      for (int i = 0; i < boxes.size(); i++) {
        double d = actual.get(i).maxDistance(expected.get(i));
        worst = Math.max(worst, d);
        assertThat(d).as("%s face %d (%s): largest landmark distance in px", image.get("image").getAsString(), i, net.name())
            .isLessThan(1.0);
        faces++;
      }
    }
    System.out.printf("%s: %d faces, largest landmark distance to face-api %.5f px%n", net.name(), faces, worst);
    assertThat(faces).isEqualTo(22);
  }

  @Test
  void oneBoxAtATimeGivesWhatTheBatchGives() {
    JsonObject image = golden.getAsJsonArray("images").get(4).getAsJsonObject();
    BufferedImage picture = ImageLoader.load(demo(image.get("image").getAsString()));
    List<Box> boxes = new ArrayList<>();
    for (JsonElement fe : image.getAsJsonArray("faces")) {
      boxes.add(box(fe.getAsJsonObject().getAsJsonObject("box")));
    }
    List<Landmarks> batch = full.landmarks(picture, boxes);
    for (int i = 0; i < boxes.size(); i++) {
      assertThat(full.landmarks(picture, boxes.get(i)).maxDistance(batch.get(i))).isLessThan(1e-3);
    }
  }

  /** Reports whether ImageIO decodes the demo JPEGs to the very pixels @canvas/image gives face-api. */
  @Test
  void decodedPixelsComparedWithNode() throws Exception {
    int same = 0;
    for (JsonElement ie : golden.getAsJsonArray("images")) {
      JsonObject image = ie.getAsJsonObject();
      BufferedImage picture = ImageLoader.load(demo(image.get("image").getAsString()));
      assertThat(picture.getWidth()).isEqualTo(image.get("width").getAsInt());
      assertThat(picture.getHeight()).isEqualTo(image.get("height").getAsInt());
      int w = picture.getWidth();
      int h = picture.getHeight();
      int[] rgb = picture.getRGB(0, 0, w, h, null, 0, w);
      byte[] bytes = new byte[3 * rgb.length];
      for (int i = 0; i < rgb.length; i++) {
        bytes[3 * i] = (byte) (rgb[i] >> 16);
        bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
        bytes[3 * i + 2] = (byte) rgb[i];
      }
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      boolean equal = sha.equals(image.get("rgbSha256").getAsString());
      System.out.printf("%s: decoded RGB %s Node's%n", image.get("image").getAsString(), equal ? "identical to" : "differs from");
      same += equal ? 1 : 0;
    }
    assertThat(same).as("demo photos decoded to the same bytes as in Node").isEqualTo(6);
  }
}
