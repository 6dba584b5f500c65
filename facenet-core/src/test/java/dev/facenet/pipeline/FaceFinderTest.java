package dev.facenet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.detect.Nms;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The face finder on real pictures: the demo photos as face-api sees them, the seed's tight crops,
 * no face.
 */
class FaceFinderTest {
  private static FaceFinder finder;
  private static final Path SHARED = Path.of(System.getProperty("facenet.shared"));
  private static final Path PACKAGE = Path.of(System.getProperty("facenet.package"));

  @BeforeAll
  static void open() {
    finder = new FaceFinder();
  }

  @AfterAll
  static void close() {
    finder.close();
  }

  @Test
  void findsAsManyFacesOnTheDemoPhotosAsFaceApiWithTheSameBoxes() throws Exception {
    JsonObject golden;
    try (Reader r =
        new InputStreamReader(
            getClass().getResourceAsStream("/golden/detections.json"), StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject();
    }
    int photos = 0;
    for (JsonElement e : golden.getAsJsonArray("images")) {
      JsonObject image = e.getAsJsonObject();
      String name = image.get("image").getAsString();
      if (!name.startsWith("package:demo/")) {
        continue;
      }
      photos++;
      BufferedImage photo = ImageLoader.load(PACKAGE.resolve(name.substring("package:".length())));
      List<FoundFace> faces = finder.find(photo);
      var expected = image.getAsJsonArray("ssdMobilenetv1");
      assertThat(faces).as(name).hasSize(expected.size());
      for (int i = 0; i < faces.size(); i++) {
        FoundFace f = faces.get(i);
        var box = expected.get(i).getAsJsonObject().getAsJsonArray("box");
        assertThat(f.foundBy()).isEqualTo("ssd");
        assertThat(f.box().x())
            .as(name)
            .isCloseTo(box.get(0).getAsDouble(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(f.box().y())
            .as(name)
            .isCloseTo(box.get(1).getAsDouble(), org.assertj.core.data.Offset.offset(1.0));
        // The landmarks lie around the box's centre.
        var nose = f.landmarks().noseTip();
        assertThat(nose.x()).isBetween(f.box().x(), f.box().right());
        assertThat(nose.y()).isBetween(f.box().y(), f.box().bottom());
      }
    }
    assertThat(photos).isEqualTo(6);
  }

  @Test
  void everySeedCropHasOneFaceSearchedPaddedFirstAndTheGradientHasNone() throws Exception {
    List<Path> seed;
    try (Stream<Path> s = Files.list(SHARED.resolve("fixtures/seed-images"))) {
      seed = s.sorted().toList();
    }
    assertThat(seed).hasSizeGreaterThanOrEqualTo(20);
    int padded = 0;
    int small = 0;
    for (Path p : seed) {
      BufferedImage picture = ImageLoader.load(p);
      List<FoundFace> faces = finder.find(picture);
      assertThat(faces).as(p.getFileName().toString()).hasSize(1);
      FoundFace f = faces.get(0);
      // The box's centre lies in the picture, and the eyes are above the mouth.
      double cx = f.box().x() + f.box().width() / 2;
      double cy = f.box().y() + f.box().height() / 2;
      assertThat(cx).isBetween(0.0, (double) picture.getWidth());
      assertThat(cy).isBetween(0.0, (double) picture.getHeight());
      assertThat(f.landmarks().leftEyeCentre().y()).isLessThan(f.landmarks().mouthCentre().y());
      if (f.foundBy().contains("padded")) {
        padded++;
      }
      // Small pictures (the 96 x 96 crops) are searched padded first: the detector alone rarely
      // finds a face that fills the frame, and would cost a run for nothing.
      if (Math.max(picture.getWidth(), picture.getHeight()) <= FaceFinder.SMALL_SIDE) {
        small++;
        assertThat(finder.stepsFor(picture).get(0).label()).isEqualTo("ssd padded");
        assertThat(finder.stepsFor(picture).get(1).label()).isEqualTo("ssd");
      }
    }
    assertThat(small).isGreaterThan(15);
    assertThat(padded).isGreaterThan(10);
    // The detector alone misses most of them (kevin.jpg and danielle.png among them).
    int alone = 0;
    for (Path p : seed) {
      alone += finder.run(finder.steps().get(0), ImageLoader.load(p)).isEmpty() ? 0 : 1;
    }
    assertThat(alone).isLessThan(seed.size() / 2);
    // A picture over 160 px a side keeps the fixed order.
    BufferedImage larger =
        new BufferedImage(FaceFinder.SMALL_SIDE + 1, 100, BufferedImage.TYPE_INT_RGB);
    assertThat(finder.stepsFor(larger)).isEqualTo(finder.steps());
    BufferedImage gradient =
        ImageLoader.load(Path.of("src/test/resources/detect/no-face-gradient.png"));
    assertThat(finder.find(gradient)).isEmpty();
  }

  @Test
  void theStepsComeInAFixedOrder() {
    assertThat(finder.steps())
        .extracting(SearchStep::label)
        .containsExactly(
            "ssd",
            "ssd padded",
            "tiny",
            "tiny padded",
            "ssd padded min 0.30",
            "tiny padded min 0.30",
            "mtcnn",
            "ssd turned 90",
            "ssd turned 270",
            "ssd turned 180");
  }

  @Test
  void aSidewaysPhotoIsSearchedTurnedAndItsFacesComeBackInItsOwnPixels() {
    // sample3's three faces, the photo turned a quarter anticlockwise with no EXIF to say so: no
    // upright step finds a face, the search turned a quarter clockwise finds all three
    BufferedImage upright = ImageLoader.load(PACKAGE.resolve("demo/sample3.jpg"));
    BufferedImage sideways = TurnedPicture.of(upright, 270).image();
    List<FoundFace> want = finder.find(upright);
    List<FoundFace> got = finder.find(sideways);
    assertThat(want).hasSize(3);
    assertThat(got).hasSize(3).allMatch(f -> f.foundBy().equals("ssd turned 90"));
    // the same pixels as the upright search saw: the same boxes, turned into the sideways photo
    TurnedPicture back = TurnedPicture.of(sideways, 90);
    assertThat(back.image().getRGB(123, 45)).isEqualTo(upright.getRGB(123, 45));
    for (FoundFace w : want) {
      FoundFace expected = back.toOriginal(w); // upright pixels into the sideways photo's
      FoundFace g =
          got.stream()
              .max(java.util.Comparator.comparingDouble(f -> Nms.iou(f.box(), expected.box())))
              .orElseThrow();
      assertThat(Nms.iou(g.box(), expected.box())).isGreaterThan(0.98);
      assertThat(g.landmarks().noseTip().x())
          .isCloseTo(expected.landmarks().noseTip().x(), within(1.0));
    }
    try (FaceEncoder resnet = FaceEncoders.open("resnet", EncoderOptions.defaults())) {
      FacePipeline pipeline = new FacePipeline(finder, resnet, false);
      List<dev.facenet.common.Face> a = pipeline.faces(upright);
      List<dev.facenet.common.Face> b = pipeline.faces(sideways);
      for (dev.facenet.common.Face f : a) {
        double nearest =
            b.stream()
                .mapToDouble(x -> f.embedding().distanceTo(x.embedding()))
                .min()
                .orElseThrow();
        assertThat(nearest).as("the same person, aligned upright again").isLessThan(0.1);
      }
    }
  }

  @Test
  void theMtcnnStepsFacesGetLandmarksInTheirBox() {
    SearchStep last =
        finder.steps().stream().filter(x -> x.detector().equals("mtcnn")).findFirst().orElseThrow();
    BufferedImage shivi = ImageLoader.load(SHARED.resolve("fixtures/seed-images/shivi.jpg"));
    List<FoundFace> faces = finder.run(last, shivi);
    assertThat(faces).hasSize(1);
    FoundFace f = faces.get(0);
    assertThat(f.foundBy()).isEqualTo("mtcnn");
    assertThat(f.score()).isGreaterThan(0.7);
    var nose = f.landmarks().noseTip();
    assertThat(nose.x()).isBetween(f.box().x(), f.box().right());
    assertThat(nose.y()).isBetween(f.box().y(), f.box().bottom());
    assertThat(f.landmarks().leftEyeCentre().y()).isLessThan(f.landmarks().mouthCentre().y());
  }

  @Test
  void paddedBoxesMapBackToTheOriginalPicture() {
    BufferedImage small = new BufferedImage(96, 80, BufferedImage.TYPE_INT_RGB);
    PaddedPicture p = PaddedPicture.of(small);
    assertThat(p.image().getWidth()).isGreaterThanOrEqualTo(PaddedPicture.MIN_SIDE);
    var whole =
        p.toOriginal(
            new dev.facenet.common.Box(
                (p.image().getWidth() - 96 * 640.0 / 192) / 2,
                    (p.image().getHeight() - 80 * 640.0 / 192) / 2,
                96 * 640.0 / 192, 80 * 640.0 / 192));
    assertThat(whole.x()).isCloseTo(0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(whole.width()).isCloseTo(96, org.assertj.core.data.Offset.offset(0.5));
    assertThat(whole.height()).isCloseTo(80, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void theChipIsTheOneTheEncoderWants() {
    try (FaceEncoder resnet = FaceEncoders.open("resnet", EncoderOptions.defaults());
        FaceEncoder nn4 = FaceEncoders.open("nn4-small2", EncoderOptions.defaults())) {
      assertThat(resnet.aligner().name()).isEqualTo("dlib-chip-150");
      assertThat(resnet.aligner().size()).isEqualTo(150);
      assertThat(nn4.aligner().name()).isEqualTo("dlib-chip-96-pad0.6");
      assertThat(nn4.aligner().size()).isEqualTo(96);
      assertThat(nn4.aligner().padding()).isEqualTo(0.6);
      assertThat(new FacePipeline(null, nn4, true).crop()).isEqualTo("whole-image+flip");
      assertThat(new FacePipeline(finder, nn4, false).crop()).isEqualTo("dlib-chip-96-pad0.6");
    }
  }

  @Test
  void flipEncodesTheMeanOfTheChipAndItsMirrorImage() {
    BufferedImage shivi = ImageLoader.load(SHARED.resolve("fixtures/seed-images/shivi_test.jpg"));
    try (FaceEncoder resnet = FaceEncoders.open("resnet", EncoderOptions.defaults())) {
      FacePipeline plain = new FacePipeline(finder, resnet, false);
      FacePipeline flipped = new FacePipeline(finder, resnet, true);
      List<FoundFace> found = finder.find(shivi);
      BufferedImage chip = plain.chips(shivi, found).get(0);
      assertThat(chip.getWidth()).isEqualTo(150);
      BufferedImage mirror = FacePipeline.mirror(chip);
      assertThat(mirror.getRGB(0, 7)).isEqualTo(chip.getRGB(149, 7));
      assertThat(FacePipeline.mirror(mirror).getRGB(3, 100)).isEqualTo(chip.getRGB(3, 100));
      float[][] both = resnet.encode(List.of(chip, mirror));
      float[] mean = flipped.embed(List.of(chip)).get(0).values();
      for (int k = 0; k < mean.length; k++) {
        assertThat(mean[k])
            .isCloseTo((both[0][k] + both[1][k]) / 2, org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThat(flipped.faces(shivi).get(0).embedding().crop()).isEqualTo("dlib-chip-150+flip");
      // A face and its mirror image are close, but not the same encoding.
      double d = dev.facenet.common.Embedding.distance(both[0], both[1]);
      assertThat(d).isGreaterThan(0.01).isLessThan(0.4);
    }
  }
}
