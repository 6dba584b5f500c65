package dev.facenet.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.image.ImageLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MTCNN on real pictures (no reference values exist for it): it finds the demo photos' faces where
 * face-api's SSD finds them, finds the face of a small seed crop, and finds nothing on a gradient.
 */
public class MtcnnDetectorTest {
  private static final Path PACKAGE = Path.of(System.getProperty("facenet.package"));
  private static final Path SHARED = Path.of(System.getProperty("facenet.shared"));
  private static MtcnnDetector mtcnn;
  private static JsonArray golden;

  @BeforeAll
  static void setUp() throws Exception {
    mtcnn = new MtcnnDetector();
    try (Reader r =
        new InputStreamReader(
            MtcnnDetectorTest.class.getResourceAsStream("/golden/detections.json"),
            StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("images");
    }
  }

  @AfterAll
  static void tearDown() {
    mtcnn.close();
  }

  private static List<Box> ssdBoxes(String image) {
    for (JsonElement e : golden) {
      JsonObject o = e.getAsJsonObject();
      if (o.get("image").getAsString().equals(image)) {
        List<Box> boxes = new ArrayList<>();
        for (JsonElement d : o.getAsJsonArray("ssdMobilenetv1")) {
          JsonArray b = d.getAsJsonObject().getAsJsonArray("box");
          boxes.add(
              new Box(
                  b.get(0).getAsDouble(),
                  b.get(1).getAsDouble(),
                  b.get(2).getAsDouble(),
                  b.get(3).getAsDouble()));
        }
        return boxes;
      }
    }
    throw new AssertionError("no golden detections for " + image);
  }

  private static void findsTheSsdFaces(String demo) {
    List<Box> expected = ssdBoxes("package:demo/" + demo);
    BufferedImage photo = ImageLoader.load(PACKAGE.resolve("demo").resolve(demo));
    List<Detection> found = mtcnn.detect(photo);
    assertThat(found).as(demo).hasSize(expected.size());
    assertThat(found)
        .allMatch(d -> d.score() > MtcnnDetector.DEFAULT_MIN_CONFIDENCE && d.score() <= 1);
    for (Box e : expected) {
      double best = found.stream().mapToDouble(d -> Nms.iou(d.box(), e)).max().orElse(0);
      assertThat(best).as(demo + ": best overlap with the SSD's " + e).isGreaterThan(0.5);
    }
  }

  @Test
  void findsTheThreeFacesOfTheFirstDemoPhotoWhereTheSsdFindsThem() {
    findsTheSsdFaces("sample1.jpg");
  }

  @Test
  void findsTheFourFacesOfTheFourthDemoPhotoWhereTheSsdFindsThem() {
    findsTheSsdFaces("sample4.jpg");
  }

  /**
   * A tight 96-pixel crop in a grey margin of half its width, so that MTCNN's windows can hold the
   * whole face.
   */
  public static BufferedImage withMargin(BufferedImage face) {
    int pad = face.getWidth() / 2;
    BufferedImage out =
        new BufferedImage(
            face.getWidth() + 2 * pad, face.getHeight() + 2 * pad, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(face, pad, pad, null);
    g.dispose();
    return out;
  }

  @Test
  void findsTheFaceOfASmallSeedCropOncePadded() {
    BufferedImage kevin = ImageLoader.load(SHARED.resolve("fixtures/seed-images/kevin.jpg"));
    int pad = kevin.getWidth() / 2;
    BufferedImage padded = withMargin(kevin);
    List<Detection> found = mtcnn.detect(padded);
    assertThat(found).hasSize(1);
    Box b = found.get(0).box();
    // The face is the crop: the box's centre lies in the crop's middle half, its size near the
    // crop's.
    assertThat(b.x() + b.width() / 2).isBetween(pad + 24.0, pad + 72.0);
    assertThat(b.y() + b.height() / 2).isBetween(pad + 24.0, pad + 72.0);
    assertThat(b.width()).isBetween(40.0, 140.0);
  }

  @Test
  void findsNothingOnAGradient() throws Exception {
    BufferedImage gradient;
    try (var in = MtcnnDetectorTest.class.getResourceAsStream("/detect/no-face-gradient.png")) {
      gradient = javax.imageio.ImageIO.read(in);
    }
    assertThat(mtcnn.detect(gradient)).isEmpty();
    assertThat(mtcnn.detect(gradient, 0.3)).isEmpty();
  }

  @Test
  void theScalePyramidShrinksBy0709FromTwelveOverTheSmallestFace() {
    List<Double> scales = MtcnnDetector.scales(320, 240);
    assertThat(scales.get(0)).isEqualTo(0.6);
    for (int i = 1; i < scales.size(); i++) {
      assertThat(scales.get(i) / scales.get(i - 1))
          .isCloseTo(0.709, org.assertj.core.data.Offset.offset(1e-12));
    }
    // 240 * 0.6 * 0.709^k stays at least 12 up to k = 6, and 240 * scale must exceed 12.
    assertThat(scales).hasSize(7);
    assertThat(MtcnnDetector.scales(1920, 1280)).hasSize(10);
    assertThat(MtcnnDetector.scales(19, 19)).isEmpty();
  }

  @Test
  void confidenceMustLieStrictlyBetweenZeroAndOne() {
    assertThat(mtcnn.name()).isEqualTo("mtcnn");
    assertThat(mtcnn.minConfidence()).isEqualTo(0.7);
    assertThatThrownBy(() -> mtcnn.setMinConfidence(1)).isInstanceOf(FaceNetException.class);
    assertThat(mtcnn.minConfidence()).isEqualTo(0.7);
  }

  @Test
  void calibrationMovesEachSideByItsShareOfTheBoxThenSquaresAroundTheCentre() {
    // 100 x 100 at (10, 20): left +10, top -20, right +10, bottom +0 -> 100 wide, 120 high -> 120
    // square.
    Box b = MtcnnDetector.calibrate(new Box(10, 20, 100, 100), new float[] {0.1f, -0.2f, 0.1f, 0f});
    assertThat(b).isEqualTo(new Box(10, 0, 120, 120));
  }
}
