package dev.facenet.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import dev.facenet.landmarks.FaceLandmark68Net;
import dev.facenet.landmarks.GoldenFaces;
import dev.facenet.landmarks.GoldenFaces.Face;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dlib chip on real faces of the demo photos, with face-api's boxes and our landmark net. */
class FaceAlignerTest {
  private static FaceLandmark68Net net;
  private static final FaceAligner CHIP = FaceAligner.dlibChip150();

  @BeforeAll
  static void open() {
    net = new FaceLandmark68Net();
  }

  @AfterAll
  static void close() {
    net.close();
  }

  private static Landmarks map(SimilarityTransform t, Landmarks l) {
    return new Landmarks(l.points().stream().map(t::apply).toList());
  }

  /**
   * The landmarks of a whole chip, found again by the landmark net with the chip itself as the box.
   */
  private static Landmarks onChip(BufferedImage chip) {
    return net.landmarks(chip, new Box(0, 0, chip.getWidth(), chip.getHeight()));
  }

  private static double meanAbsDiff(BufferedImage a, BufferedImage b, int margin) {
    double sum = 0;
    int n = 0;
    for (int y = margin; y < a.getHeight() - margin; y++) {
      for (int x = margin; x < a.getWidth() - margin; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff));
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void eyesOfRealFacesLandWhereTheTemplateSays() {
    // Every demo face: the eye centres in the chip, (a) the picture's landmarks mapped through the
    // warp's
    // transform and (b) found again by the net on the chip itself, against the template's eye
    // centres.
    List<Double> mapped = new ArrayList<>();
    List<Double> found = new ArrayList<>();
    List<Double> warpError = new ArrayList<>();
    double bestFrontal = Double.MAX_VALUE;
    for (GoldenFaces.Photo photo : GoldenFaces.photos()) {
      BufferedImage picture = GoldenFaces.picture(photo.image());
      List<Landmarks> all = net.landmarks(picture, photo.faces().stream().map(Face::box).toList());
      for (Face face : photo.faces()) {
        Landmarks l = all.get(face.index());
        BufferedImage chip = CHIP.align(picture, l);
        assertThat(chip.getWidth()).isEqualTo(150);
        assertThat(chip.getHeight()).isEqualTo(150);
        Landmarks inChip = map(CHIP.chipToPicture(l).inverse(), l);
        Landmarks again = onChip(chip);
        double m = eyeError(inChip);
        mapped.add(m);
        found.add(eyeError(again));
        warpError.add(
            Math.max(
                again.leftEyeCentre().distance(inChip.leftEyeCentre()),
                again.rightEyeCentre().distance(inChip.rightEyeCentre())));
        bestFrontal = Math.min(bestFrontal, m);
      }
    }
    Collections.sort(mapped);
    Collections.sort(found);
    Collections.sort(warpError);
    System.out.printf(
        "eye centres vs template on 22 demo faces (px, worst eye; min / median / 2nd worst / worst):%n"
            + "  mapped %.2f / %.2f / %.2f / %.2f%n  found on chip %.2f / %.2f / %.2f / %.2f%n"
            + "  found on chip vs mapped %.2f / %.2f / %.2f / %.2f%n",
        mapped.get(0),
        mapped.get(11),
        mapped.get(20),
        mapped.get(21),
        found.get(0),
        found.get(11),
        found.get(20),
        found.get(21),
        warpError.get(0),
        warpError.get(11),
        warpError.get(20),
        warpError.get(21));
    // The template is a mean face: a real face's eyes sit a few pixels from it (the fit uses 33
    // points).
    assertThat(bestFrontal).isLessThan(1.5);
    assertThat(mapped.get(11)).as("median").isLessThan(3.5);
    assertThat(mapped.get(20)).as("all but the profile face").isLessThan(8);
    assertThat(found.get(11)).as("median, found on the chip").isLessThan(5);
    // The chip's pixels are where the transform says: the net finds the eyes where they were
    // mapped.
    assertThat(warpError.get(11)).as("median, found vs mapped").isLessThan(2.5);
    assertThat(warpError.get(20)).as("all but the profile face, found vs mapped").isLessThan(7);
  }

  private static double eyeError(Landmarks inChip) {
    return Math.max(
        inChip.leftEyeCentre().distance(CHIP.templateLeftEye()),
        inChip.rightEyeCentre().distance(CHIP.templateRightEye()));
  }

  @Test
  void aTurnedPictureAlignsBackToTheSameChip() {
    Face face = GoldenFaces.faces().get(0);
    BufferedImage picture = GoldenFaces.picture(face.image());
    Landmarks l = net.landmarks(picture, face.box());
    BufferedImage chip = CHIP.align(picture, l);

    // Turn the picture by 25 degrees about the face's centre (picture -> turned).
    double cx = face.box().x() + face.box().width() / 2;
    double cy = face.box().y() + face.box().height() / 2;
    SimilarityTransform turn = SimilarityTransform.of(1, Math.toRadians(25), 0, 0);
    Point c = turn.apply(cx, cy);
    turn = new SimilarityTransform(turn.a(), turn.b(), cx - c.x(), cy - c.y());
    BufferedImage turned =
        Warp.warp(picture, turn.inverse(), picture.getWidth(), picture.getHeight());

    // Landmarks carried along exactly: the same chip, but for two resamplings (grey levels 0..255).
    Landmarks carried = map(turn, l);
    double diff = meanAbsDiff(chip, CHIP.align(turned, carried), 2);
    assertThat(diff).isLessThan(1.5);
    assertThat(Math.toDegrees(CHIP.chipToPicture(carried).angle() - CHIP.chipToPicture(l).angle()))
        .isCloseTo(25, within(1e-9));

    // Landmarks found by the net on the turned picture (box: the turned face's landmark extent,
    // grown as
    // a detector's box is): the fit turns the face back upright and the eyes land on the template.
    double minX = Double.MAX_VALUE,
        minY = Double.MAX_VALUE,
        maxX = -Double.MAX_VALUE,
        maxY = -Double.MAX_VALUE;
    for (Point p : carried.points()) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    Box box =
        new Box(
            minX - 0.1 * (maxX - minX),
            minY - 0.2 * (maxY - minY),
            1.2 * (maxX - minX),
            1.3 * (maxY - minY));
    Landmarks found = net.landmarks(turned, box);
    SimilarityTransform back = CHIP.chipToPicture(found);
    double turnedBy = Math.toDegrees(back.angle() - CHIP.chipToPicture(l).angle());
    Landmarks inChip = map(back.inverse(), found);
    Landmarks uprightInChip = map(CHIP.chipToPicture(l).inverse(), l);
    double eyes =
        Math.max(
            inChip.leftEyeCentre().distance(uprightInChip.leftEyeCentre()),
            inChip.rightEyeCentre().distance(uprightInChip.rightEyeCentre()));
    System.out.printf(
        "turned 25 deg: carried landmarks chip diff %.2f grey levels; net on turned picture: "
            + "fitted turn %.2f deg, eyes %.2f px from the upright chip's, template %.2f px%n",
        diff, turnedBy, eyes, eyeError(inChip));
    assertThat(turnedBy).isCloseTo(25, within(3.0));
    assertThat(eyes).isLessThan(5);
    assertThat(eyeError(inChip)).isLessThan(6);
  }

  @Test
  void aWiderPaddingShrinksTheFaceAboutTheChipCentreAndNamesIt() {
    assertThat(FaceAligner.dlibChip(150, FaceAligner.DLIB_PADDING).name())
        .isEqualTo("dlib-chip-150");
    assertThat(FaceAligner.dlibChip(96, 0.25).name()).isEqualTo(FaceAligner.DLIB_CHIP_96);
    FaceAligner wide = FaceAligner.dlibChip(96, 0.6);
    assertThat(wide.name()).isEqualTo("dlib-chip-96-pad0.6");
    Face face = GoldenFaces.faces().get(7); // sample3.jpg face 1, frontal
    BufferedImage picture = GoldenFaces.picture(face.image());
    Landmarks l = net.landmarks(picture, face.box());
    Landmarks inWide = map(wide.chipToPicture(l).inverse(), l);
    Landmarks inTight = map(FaceAligner.dlibChip96().chipToPicture(l).inverse(), l);
    // The chip spans the template's extent times (1 + 2 padding): 2.2 against 1.5.
    double shrink = 1.5 / 2.2;
    for (int i = 0; i < Landmarks.COUNT; i++) {
      assertThat(inWide.get(i).x() / 96 - 0.5)
          .isCloseTo((inTight.get(i).x() / 96 - 0.5) * shrink, within(0.01));
      assertThat(inWide.get(i).y() / 96 - 0.5)
          .isCloseTo((inTight.get(i).y() / 96 - 0.5) * shrink, within(0.01));
    }
    assertThat(wide.align(picture, l).getWidth()).isEqualTo(96);
  }

  @Test
  void theNinetySixPixelChipHasTheSameFraming() {
    FaceAligner small = FaceAligner.dlibChip96();
    assertThat(small.name()).isEqualTo("dlib-chip-96");
    assertThat(small.size()).isEqualTo(96);
    Face face = GoldenFaces.faces().get(7); // sample3.jpg face 1, frontal
    BufferedImage picture = GoldenFaces.picture(face.image());
    Landmarks l = net.landmarks(picture, face.box());
    BufferedImage chip = small.align(picture, l);
    assertThat(chip.getWidth()).isEqualTo(96);
    Landmarks inChip = map(small.chipToPicture(l).inverse(), l);
    Landmarks inBig = map(CHIP.chipToPicture(l).inverse(), l);
    // Same framing: every landmark at the same relative place (dlib's corner convention differs by
    // < 1 px).
    for (int i = 0; i < Landmarks.COUNT; i++) {
      assertThat(inChip.get(i).x() / 96).isCloseTo(inBig.get(i).x() / 150, within(0.01));
      assertThat(inChip.get(i).y() / 96).isCloseTo(inBig.get(i).y() / 150, within(0.01));
    }
    // And the picture content agrees: the 150 chip shrunk to 96 looks like the 96 chip (with dlib's
    // corner
    // convention, 96-chip pixel j is 150-chip pixel j * 149 / 95).
    BufferedImage shrunk =
        Warp.warp(CHIP.align(picture, l), SimilarityTransform.of(149 / 95.0, 0, 0, 0), 96, 96);
    assertThat(meanAbsDiff(chip, shrunk, 3)).isLessThan(8);
  }

  @Test
  void templatePositionsAreDlibs() {
    // ((0.25 + mean) / 1.5) * 150 for the bottom of the nose (33): mean (0.490127, 0.628106).
    Point nose = CHIP.templatePoint(33);
    assertThat(nose.x()).isCloseTo((0.25 + 0.490127) / 1.5 * 150, within(1e-9));
    assertThat(nose.y()).isCloseTo((0.25 + 0.628106) / 1.5 * 150, within(1e-9));
    assertThat(FaceTemplate.FIT_INDICES)
        .hasSize(33)
        .startsWith(27, 28)
        .endsWith(63, 64)
        .doesNotContain(55, 59, 65);
    // The eyes sit symmetric about the nose line x = 0.490127 and level.
    assertThat(CHIP.templateLeftEye().y()).isCloseTo(CHIP.templateRightEye().y(), within(1e-9));
    assertThat(CHIP.templateLeftEye().x() + CHIP.templateRightEye().x())
        .isCloseTo(2 * nose.x(), within(1e-3));
  }

  @Test
  void aFaceOffThePictureGivesBlackWhereThereIsNoPicture() {
    Face face = GoldenFaces.faces().get(0);
    BufferedImage picture = GoldenFaces.picture(face.image());
    Landmarks l = net.landmarks(picture, face.box());
    // Move the landmarks so the face hangs half off the left edge.
    double dx = -l.noseTip().x();
    Landmarks shifted =
        new Landmarks(l.points().stream().map(p -> new Point(p.x() + dx, p.y())).toList());
    BufferedImage chip = CHIP.align(picture, shifted);
    assertThat(chip.getRGB(5, 75) & 0xffffff).isZero();
    assertThat(chip.getRGB(140, 75) & 0xffffff).isNotZero();
  }

  @Test
  void badLandmarksAreAClearError() {
    List<Point> nan = new ArrayList<>(Collections.nCopies(68, new Point(1, 2)));
    nan.set(30, new Point(Double.NaN, 3));
    assertThatThrownBy(() -> CHIP.fit(new Landmarks(nan)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("landmark 30");
    Landmarks same = new Landmarks(Collections.nCopies(68, new Point(5, 5)));
    assertThatThrownBy(
            () -> CHIP.align(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), same))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("cannot align");
  }
}
