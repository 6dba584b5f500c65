package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Face;
import dev.facenet.common.FaceChoice;
import dev.facenet.common.FaceQuality;
import dev.facenet.image.ImageLoader;
import dev.facenet.pipeline.FacePipeline;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Face quality measured on real faces (Yale and ORL), each compared with a worse copy of itself or
 * with a real picture of the same person under worse conditions: what is measured moves the right
 * way, and the score and the problems say so.
 */
class FaceQualityOnPicturesTest {
  private static FaceNet faces;

  @BeforeAll
  static void open() {
    faces = FaceNet.builder().build();
  }

  @AfterAll
  static void close() {
    faces.close();
  }

  private static Path fixture(String path) {
    return Path.of(System.getProperty("facenet.shared")).resolve("fixtures").resolve(path);
  }

  private static FaceQuality quality(BufferedImage picture) {
    return FaceChoice.main(faces.faces(picture), Face::box, Face::score)
        .orElseThrow(() -> new AssertionError("no face found"))
        .quality();
  }

  private static BufferedImage yale(String subject, String picture) {
    return ImageLoader.load(fixture("yale/" + subject + "/" + picture + ".gif"));
  }

  @Test
  void aClearFrontalFaceIsGood() {
    FaceQuality q = quality(yale("subject01", "normal"));
    assertThat(q.score()).isGreaterThan(0.9);
    assertThat(q.problems()).isEmpty();
    assertThat(q.poor()).isFalse();
    assertThat(Math.abs(q.yaw())).isLessThan(15);
    assertThat(q.confidence()).isGreaterThan(0.9);
  }

  @Test
  void blurIsSeenAsBlur() {
    BufferedImage sharp = yale("subject02", "normal");
    BufferedImage blurred = sharp;
    for (int i = 0; i < 3; i++) {
      blurred = boxBlur(blurred, 7);
    }
    FaceQuality before = quality(sharp);
    FaceQuality after = quality(blurred);
    assertThat(after.sharpness()).isLessThan(before.sharpness() * 0.6);
    assertThat(after.problems()).contains("blurred");
    assertThat(after.score()).isLessThan(before.score());
  }

  @Test
  void aDistantFaceIsSeenAsSmall() {
    BufferedImage near = yale("subject03", "normal");
    FaceQuality full = quality(near);
    double k = 16 / full.width();
    FaceQuality far = quality(shrink(near, k));
    assertThat(far.width()).isCloseTo(16, within(5.0));
    assertThat(far.problems()).anyMatch(p -> p.endsWith("px wide"));
    assertThat(far.poor()).isTrue();
    assertThat(full.poor()).isFalse();
  }

  @Test
  void lightIsMeasured() {
    FaceQuality centre = quality(yale("subject04", "centerlight"));
    FaceQuality side = quality(yale("subject04", "leftlight"));
    assertThat(side.evenness()).isLessThan(centre.evenness() - 0.2);
    FaceQuality dark = quality(scaleLight(yale("subject04", "normal"), 0.12));
    assertThat(dark.brightness()).isLessThan(0.1);
    assertThat(dark.problems()).contains("too dark");
  }

  @Test
  void poseFollowsTheHead() {
    // s1/1 looks at the camera; in s1/5 his nose points to the picture's right, in s1/6 to its left
    FaceQuality frontal = quality(ImageLoader.load(fixture("orl/s1/1.pgm")));
    FaceQuality right = quality(ImageLoader.load(fixture("orl/s1/5.pgm")));
    FaceQuality left = quality(ImageLoader.load(fixture("orl/s1/6.pgm")));
    assertThat(Math.abs(frontal.yaw())).isLessThan(10);
    assertThat(right.yaw()).isGreaterThan(15);
    assertThat(left.yaw()).isLessThan(-15);
    // in s36/10 he lifts his chin; in s5/8 he looks down
    assertThat(quality(ImageLoader.load(fixture("orl/s36/10.pgm"))).pitch()).isLessThan(-10);
    assertThat(quality(ImageLoader.load(fixture("orl/s5/8.pgm"))).pitch()).isGreaterThan(10);
    // the mirror image turns the other way by as much
    BufferedImage turned = ImageLoader.load(fixture("orl/s1/5.pgm"));
    assertThat(quality(FacePipeline.mirror(turned)).yaw()).isCloseTo(-right.yaw(), within(4.0));
  }

  @Test
  void theQualityTravelsWithTheAnswers() {
    Path picture = fixture("yale/subject05/normal.gif");
    Face face = faces.largestFace(picture);
    assertThat(face.quality()).isNotNull();
    assertThat(faces.compare(picture, picture).firstQuality())
        .usingRecursiveComparison()
        .isEqualTo(face.quality());
    assertThat(faces.locate(Picture.of(picture)).get(0).quality())
        .usingRecursiveComparison()
        .isEqualTo(face.quality());
    try (FaceNet whole = FaceNet.builder().wholeImage(true).build()) {
      assertThat(whole.largestFace(picture).quality()).isNull();
    }
  }

  private static BufferedImage boxBlur(BufferedImage picture, int side) {
    float[] k = new float[side * side];
    Arrays.fill(k, 1f / k.length);
    BufferedImage rgb = copy(picture);
    return new ConvolveOp(new Kernel(side, side, k), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
  }

  private static BufferedImage shrink(BufferedImage picture, double k) {
    int w = (int) Math.round(picture.getWidth() * k);
    int h = (int) Math.round(picture.getHeight() * k);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.getGraphics()
        .drawImage(picture.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    return out;
  }

  private static BufferedImage scaleLight(BufferedImage picture, double k) {
    BufferedImage out = copy(picture);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        int c = out.getRGB(x, y);
        int r = (int) (((c >> 16) & 255) * k);
        int g = (int) (((c >> 8) & 255) * k);
        int b = (int) ((c & 255) * k);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  private static BufferedImage copy(BufferedImage picture) {
    BufferedImage out =
        new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(picture, 0, 0, null);
    return out;
  }
}
