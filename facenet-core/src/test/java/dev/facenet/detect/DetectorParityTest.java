package dev.facenet.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Box;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both detectors against face-api 1.7.15 itself: golden detections written by
 * reference/node/golden-detections.mjs (face-api's detectAllFaces on tfjs wasm, default options)
 * for the package's six demo photos, a few fixture pictures and a picture without a face. Same
 * number of faces, boxes within 1 px, scores within 1e-3.
 */
class DetectorParityTest {
  private static final double BOX_TOLERANCE = 1.0;
  private static final double SCORE_TOLERANCE = 1e-3;

  private static JsonArray golden;
  private static SsdMobilenetV1Detector ssd;
  private static TinyFaceDetector tiny;

  @BeforeAll
  static void setUp() throws Exception {
    try (Reader r =
        new InputStreamReader(
            DetectorParityTest.class.getResourceAsStream("/golden/detections.json"),
            StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("images");
    }
    ssd = new SsdMobilenetV1Detector();
    tiny = new TinyFaceDetector();
  }

  @AfterAll
  static void tearDown() {
    ssd.close();
    tiny.close();
  }

  static Path locate(String name) {
    String[] parts = name.split(":", 2);
    return switch (parts[0]) {
      case "package" -> Path.of(System.getProperty("facenet.package"), parts[1]);
      case "shared" -> Path.of(System.getProperty("facenet.shared"), parts[1]);
      case "resource" -> {
        try {
          yield Path.of(DetectorParityTest.class.getResource("/" + parts[1]).toURI());
        } catch (URISyntaxException e) {
          throw new IllegalStateException(e);
        }
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void goldenFileCoversTheDemoPhotosAndAPictureWithoutFaces() {
    List<String> names = new ArrayList<>();
    golden.forEach(e -> names.add(e.getAsJsonObject().get("image").getAsString()));
    for (int i = 1; i <= 6; i++) {
      assertThat(names).contains("package:demo/sample" + i + ".jpg");
    }
    assertThat(names).contains("resource:detect/no-face-gradient.png");
  }

  @Test
  void picturesDecodeToTheSamePixelsAsInNode() throws Exception {
    for (JsonElement e : golden) {
      JsonObject g = e.getAsJsonObject();
      BufferedImage image = ImageLoader.load(locate(g.get("image").getAsString()));
      assertThat(image.getWidth())
          .as(g.get("image").getAsString())
          .isEqualTo(g.get("width").getAsInt());
      assertThat(image.getHeight()).isEqualTo(g.get("height").getAsInt());
      assertThat(rgbSha256(image))
          .as(g.get("image").getAsString())
          .isEqualTo(g.get("rgbSha256").getAsString());
    }
  }

  @Test
  void ssdMobilenetV1MatchesFaceApi() {
    compare(ssd, "ssdMobilenetv1");
  }

  @Test
  void tinyFaceDetectorMatchesFaceApi() {
    compare(tiny, "tinyFaceDetector");
  }

  @Test
  void neitherDetectorFindsAFaceInAGradient() {
    BufferedImage gradient = ImageLoader.load(locate("resource:detect/no-face-gradient.png"));
    assertThat(ssd.detect(gradient)).isEmpty();
    assertThat(tiny.detect(gradient)).isEmpty();
  }

  private static void compare(FaceDetector detector, String key) {
    double worstBox = 0;
    double worstScore = 0;
    int faces = 0;
    for (JsonElement e : golden) {
      JsonObject g = e.getAsJsonObject();
      String name = g.get("image").getAsString();
      List<Detection> expected = new ArrayList<>();
      for (JsonElement d : g.getAsJsonArray(key)) {
        JsonArray b = d.getAsJsonObject().getAsJsonArray("box");
        expected.add(
            new Detection(
                new Box(
                    b.get(0).getAsDouble(),
                    b.get(1).getAsDouble(),
                    b.get(2).getAsDouble(),
                    b.get(3).getAsDouble()),
                d.getAsJsonObject().get("score").getAsDouble()));
      }
      List<Detection> actual = detector.detect(ImageLoader.load(locate(name)));
      assertThat(actual).as("%s faces in %s", key, name).hasSameSizeAs(expected);
      List<Detection> unmatched = new ArrayList<>(actual);
      for (Detection want : expected) {
        // Pair by overlap, not by rank: two faces with nearly equal scores may come in either
        // order.
        Detection got =
            unmatched.stream()
                .max(
                    (p, q) ->
                        Double.compare(Nms.iou(p.box(), want.box()), Nms.iou(q.box(), want.box())))
                .orElseThrow();
        unmatched.remove(got);
        String what = key + " " + name + " face at " + want.box();
        assertThat(got.box().x()).as(what + " x").isCloseTo(want.box().x(), within(BOX_TOLERANCE));
        assertThat(got.box().y()).as(what + " y").isCloseTo(want.box().y(), within(BOX_TOLERANCE));
        assertThat(got.box().width())
            .as(what + " width")
            .isCloseTo(want.box().width(), within(BOX_TOLERANCE));
        assertThat(got.box().height())
            .as(what + " height")
            .isCloseTo(want.box().height(), within(BOX_TOLERANCE));
        assertThat(got.score())
            .as(what + " score")
            .isCloseTo(want.score(), within(SCORE_TOLERANCE));
        worstBox = Math.max(worstBox, maxBoxDifference(got.box(), want.box()));
        worstScore = Math.max(worstScore, Math.abs(got.score() - want.score()));
        faces++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d faces, largest box difference %.2e px, largest score difference %.2e%n",
        key,
        faces,
        worstBox,
        worstScore);
  }

  private static double maxBoxDifference(Box a, Box b) {
    return Math.max(
        Math.max(Math.abs(a.x() - b.x()), Math.abs(a.y() - b.y())),
        Math.max(Math.abs(a.width() - b.width()), Math.abs(a.height() - b.height())));
  }

  /**
   * SHA-256 of the picture's RGB bytes, row by row, as the Node script hashes its decoded tensor.
   */
  private static String rgbSha256(BufferedImage image) throws Exception {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] bytes = new byte[3 * rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      bytes[3 * i] = (byte) (rgb[i] >> 16);
      bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
      bytes[3 * i + 2] = (byte) rgb[i];
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
