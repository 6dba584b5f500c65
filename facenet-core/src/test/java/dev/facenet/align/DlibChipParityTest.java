package dev.facenet.align;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import dev.facenet.landmarks.GoldenFaces;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our chips against dlib's own (reference/dlib/golden-chips.py ran dlib 19.24's
 * get_face_chip_details and extract_image_chip on the demo photos with face-api's landmarks rounded
 * to whole pixels): the same chip geometry for all 45 chips, and the very same pixels for the 9
 * chips kept as pictures (one or two pyramid halvings for the 96 and 40 px ones).
 */
class DlibChipParityTest {
  private static JsonObject golden;

  @BeforeAll
  static void load() throws Exception {
    try (Reader r =
        new InputStreamReader(resource("/golden/dlib-chips.json"), StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject();
    }
  }

  private static InputStream resource(String name) {
    return DlibChipParityTest.class.getResourceAsStream(name);
  }

  private static Landmarks landmarks(JsonObject chip) {
    List<Point> p = new ArrayList<>();
    for (JsonElement e : chip.getAsJsonArray("landmarks")) {
      p.add(
          new Point(
              e.getAsJsonArray().get(0).getAsDouble(), e.getAsJsonArray().get(1).getAsDouble()));
    }
    return new Landmarks(p);
  }

  private static FaceAligner aligner(JsonObject chip) {
    int size = chip.get("size").getAsInt();
    return new FaceAligner("dlib-chip-" + size, size, chip.get("padding").getAsDouble());
  }

  /**
   * Where dlib samples chip corner (u, v), u, v in {0, size - 1}: the rotated corners of its
   * rectangle.
   */
  private static Point dlibCorner(JsonObject chip, boolean right, boolean bottom) {
    double l = chip.getAsJsonArray("rect").get(0).getAsDouble();
    double t = chip.getAsJsonArray("rect").get(1).getAsDouble();
    double r = chip.getAsJsonArray("rect").get(2).getAsDouble();
    double b = chip.getAsJsonArray("rect").get(3).getAsDouble();
    double angle = chip.get("angle").getAsDouble();
    double cx = (l + r) / 2;
    double cy = (t + b) / 2;
    double x = (right ? r : l) - cx;
    double y = (bottom ? b : t) - cy;
    return new Point(
        Math.cos(angle) * x - Math.sin(angle) * y + cx,
        Math.sin(angle) * x + Math.cos(angle) * y + cy);
  }

  @Test
  void chipGeometryIsDlibs() {
    double worst = 0;
    int n = 0;
    for (JsonElement e : golden.getAsJsonArray("chips")) {
      JsonObject chip = e.getAsJsonObject();
      FaceAligner aligner = aligner(chip);
      SimilarityTransform ours = aligner.chipToPicture(landmarks(chip));
      int last = aligner.size() - 1;
      for (boolean right : new boolean[] {false, true}) {
        for (boolean bottom : new boolean[] {false, true}) {
          Point theirs = dlibCorner(chip, right, bottom);
          Point mine = ours.apply(right ? last : 0, bottom ? last : 0);
          worst = Math.max(worst, mine.distance(theirs));
        }
      }
      n++;
    }
    System.out.printf(
        "%d chips: largest distance between our and dlib's chip corners in the picture %.2e px%n",
        n, worst);
    assertThat(n).isEqualTo(45);
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void chipPixelsAreDlibs() throws Exception {
    int chips = 0;
    for (JsonElement e : golden.getAsJsonArray("chips")) {
      JsonObject chip = e.getAsJsonObject();
      if (chip.get("png").isJsonNull()) {
        continue;
      }
      BufferedImage theirs;
      try (InputStream in = resource("/golden/" + chip.get("png").getAsString())) {
        theirs = ImageIO.read(in);
      }
      BufferedImage picture = GoldenFaces.picture(chip.get("image").getAsString());
      BufferedImage mine = aligner(chip).align(picture, landmarks(chip));
      int size = chip.get("size").getAsInt();
      assertThat(theirs.getWidth()).isEqualTo(size);
      long sum = 0;
      int max = 0;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int p = mine.getRGB(x, y);
          int q = theirs.getRGB(x, y);
          for (int s = 0; s < 24; s += 8) {
            int d = Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff));
            sum += d;
            max = Math.max(max, d);
          }
        }
      }
      System.out.printf(
          "%s: mean abs diff to dlib's chip %.3f, max %d%n",
          chip.get("png").getAsString(), sum / (3.0 * size * size), max);
      assertThat(max)
          .as("%s largest difference to dlib's chip", chip.get("png").getAsString())
          .isZero();
      chips++;
    }
    assertThat(chips).isEqualTo(9);
  }

  /**
   * dlib (libjpeg) decodes the demo photos to the same bytes as ImageIO: the chip comparison is
   * fair.
   */
  @Test
  void dlibDecodesTheSamePixels() {
    for (Map.Entry<String, JsonElement> e : golden.getAsJsonObject("pictures").entrySet()) {
      BufferedImage picture = GoldenFaces.picture(e.getKey());
      int w = picture.getWidth();
      int[] rgb = picture.getRGB(0, 0, w, picture.getHeight(), null, 0, w);
      long h = 0xcbf29ce484222325L;
      for (int v : rgb) {
        for (int s = 16; s >= 0; s -= 8) {
          h ^= (v >> s) & 0xff;
          h *= 0x100000001b3L;
        }
      }
      assertThat(String.format("%016x", h))
          .as(e.getKey())
          .isEqualTo(e.getValue().getAsJsonObject().get("fnv1a64").getAsString());
    }
  }
}
