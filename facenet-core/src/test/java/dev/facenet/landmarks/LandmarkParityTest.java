package dev.facenet.landmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import dev.facenet.landmarks.GoldenFaces.Face;
import dev.facenet.landmarks.GoldenFaces.Photo;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both landmark nets against face-api itself: reference/node/golden-landmarks.mjs ran face-api's
 * SSD and landmark nets on the six demo photos of the npm package and kept, per face, the detection
 * box and the 68 landmarks. We feed the same boxes to our nets and want every landmark within 1 px.
 */
class LandmarkParityTest {
  private static List<Photo> photos;
  private static FaceLandmark68Net full;
  private static FaceLandmark68TinyNet tiny;

  @BeforeAll
  static void load() {
    photos = GoldenFaces.photos();
    full = new FaceLandmark68Net();
    tiny = new FaceLandmark68TinyNet();
  }

  @AfterAll
  static void close() {
    full.close();
    tiny.close();
  }

  @Test
  void fullNetMatchesFaceApiWithinOnePixel() {
    assertParity(full, false);
  }

  @Test
  void tinyNetMatchesFaceApiWithinOnePixel() {
    assertParity(tiny, true);
  }

  private void assertParity(LandmarkDetector net, boolean useTiny) {
    int faces = 0;
    double worst = 0;
    long nanos = 0;
    for (Photo photo : photos) {
      BufferedImage picture = GoldenFaces.picture(photo.image());
      long t0 = System.nanoTime();
      List<Landmarks> actual =
          net.landmarks(picture, photo.faces().stream().map(Face::box).toList());
      nanos += System.nanoTime() - t0;
      for (Face face : photo.faces()) {
        Landmarks expected = useTiny ? face.tiny() : face.full();
        double d = actual.get(face.index()).maxDistance(expected);
        worst = Math.max(worst, d);
        assertThat(d)
            .as(
                "%s face %d (%s): largest landmark distance in px",
                photo.image(), face.index(), net.name())
            .isLessThan(1.0);
        faces++;
      }
    }
    System.out.printf(
        "%s: %d faces, largest landmark distance to face-api %.5f px (%.1f ms per face, batched per photo)%n",
        net.name(), faces, worst, nanos / 1e6 / faces);
    assertThat(faces).isEqualTo(22);
  }

  @Test
  void oneBoxAtATimeGivesWhatTheBatchGives() {
    Photo photo = photos.get(4);
    BufferedImage picture = GoldenFaces.picture(photo.image());
    List<Landmarks> batch = full.landmarks(picture, photo.faces().stream().map(Face::box).toList());
    for (Face face : photo.faces()) {
      assertThat(full.landmarks(picture, face.box()).maxDistance(batch.get(face.index())))
          .isLessThan(1e-3);
    }
  }

  /** ImageIO must decode the demo JPEGs to the very pixels @canvas/image gave face-api in Node. */
  @Test
  void decodedPixelsAreTheSameAsInNode() throws Exception {
    for (Photo photo : photos) {
      BufferedImage picture = GoldenFaces.picture(photo.image());
      assertThat(picture.getWidth()).isEqualTo(photo.width());
      assertThat(picture.getHeight()).isEqualTo(photo.height());
      int w = picture.getWidth();
      int[] rgb = picture.getRGB(0, 0, w, picture.getHeight(), null, 0, w);
      byte[] bytes = new byte[3 * rgb.length];
      for (int i = 0; i < rgb.length; i++) {
        bytes[3 * i] = (byte) (rgb[i] >> 16);
        bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
        bytes[3 * i + 2] = (byte) rgb[i];
      }
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertThat(sha).as("%s decoded RGB bytes", photo.image()).isEqualTo(photo.rgbSha256());
    }
  }

  @Test
  void aBoxPartlyOutsideThePictureIsClippedAndTheLandmarksStayOnTheFace() {
    // Cut the photo so that the face's box starts 30 px left of (and 20 px above) the new picture's
    // edge.
    Face face = photos.get(0).faces().get(0);
    BufferedImage picture = GoldenFaces.picture(face.image());
    int cx = (int) Math.floor(face.box().x()) + 30;
    int cy = (int) Math.floor(face.box().y()) + 20;
    BufferedImage cut =
        picture.getSubimage(cx, cy, picture.getWidth() - cx, picture.getHeight() - cy);
    Box shifted =
        new Box(face.box().x() - cx, face.box().y() - cy, face.box().width(), face.box().height());
    Landmarks onCut = full.landmarks(cut, shifted);
    // The eyes are well inside the cut; they must stay where they were, give or take the net's own
    // wobble.
    Point eye = onCut.rightEyeCentre();
    Point before = face.full().rightEyeCentre();
    assertThat(eye.distance(new Point(before.x() - cx, before.y() - cy)))
        .isLessThan(0.1 * face.box().width());
  }

  @Test
  void oneNetServesSeveralThreadsAtOnce() throws Exception {
    Photo photo = photos.get(0);
    BufferedImage picture = GoldenFaces.picture(photo.image());
    List<Box> boxes = photo.faces().stream().map(Face::box).toList();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<List<Landmarks>>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit(() -> full.landmarks(picture, boxes)));
      }
      for (java.util.concurrent.Future<List<Landmarks>> run : runs) {
        List<Landmarks> got = run.get();
        for (Face face : photo.faces()) {
          assertThat(got.get(face.index()).maxDistance(face.full())).isLessThan(1.0);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBoxOutsideThePictureIsAClearError() {
    BufferedImage picture = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> full.landmarks(picture, new Box(120, 10, 50, 50)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("outside the 100 x 80 picture");
    assertThatThrownBy(() -> full.landmarks(picture, new Box(-60, 10, 50, 50)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> full.landmarks(picture, new Box(Double.NaN, 10, 50, 50)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("not a number");
    assertThat(full.landmarks(picture, List.of())).isEmpty();
  }
}
