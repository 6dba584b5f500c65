package dev.facenet.cli;

import static dev.facenet.cli.CommandLineTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 through the command line: {@code detect} on a group photo, a tight crop and a picture
 * without a face; enrolment of a group photo (refused, or its largest face with --largest);
 * recognize --json with one entry per face; verify's "no match" for a picture without a face; bad
 * pictures as one line with the gallery untouched.
 */
class PhotoCommandsTest {
  static final Path DEMO = Path.of(System.getProperty("facenet.package"), "demo");
  static final Path GRADIENT =
      Path.of(System.getProperty("facenet.package"))
          .getParent()
          .getParent()
          .getParent()
          .getParent()
          .resolve("facenet-core/src/test/resources/detect/no-face-gradient.png");

  @TempDir static Path shared;

  /** A gallery holding the largest face of sample1.jpg as "blonde", and kian. */
  static Path template;

  @BeforeAll
  static void enrol() {
    template = shared.resolve("template.db");
    Cli.Result group =
        Cli.run("enroll", "--db", template, "--name", "blonde", DEMO.resolve("sample1.jpg"));
    assertOneLineError(group, "has 3 faces");
    assertThat(template).as("a refused enrolment creates no gallery").doesNotExist();
    Cli.Result largest =
        Cli.run(
            "enroll",
            "--db",
            template,
            "--name",
            "blonde",
            DEMO.resolve("sample1.jpg"),
            "--largest");
    assertThat(largest.code()).as(largest.toString()).isZero();
    Cli.Result kian =
        Cli.run("enroll", "--db", template, "--name", "kian", Fixtures.seedPerson("kian"));
    assertThat(kian.code()).as(kian.toString()).isZero();
  }

  @Test
  void detectPrintsEveryFaceWithBoxScoreAndLandmarksAndDrawsThem(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("drawn");
    Path tiny = dir.resolve("dot.png");
    ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());
    Cli.Result r =
        Cli.run(
            "detect",
            "--json",
            "--out",
            out,
            DEMO.resolve("sample1.jpg"),
            Fixtures.seedPerson("kevin"),
            GRADIENT,
            tiny);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(4);
    JsonObject group = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(group.get("image").getAsString()).isEqualTo(DEMO.resolve("sample1.jpg").toString());
    JsonArray faces = group.getAsJsonArray("faces");
    assertThat(faces).hasSize(3);
    JsonObject first = faces.get(0).getAsJsonObject();
    assertThat(first.getAsJsonArray("box")).hasSize(4);
    assertThat(first.getAsJsonArray("box").get(0).getAsDouble())
        .isCloseTo(414.1, org.assertj.core.data.Offset.offset(1.0));
    assertThat(first.get("score").getAsDouble()).isGreaterThan(0.99);
    assertThat(first.getAsJsonArray("landmarks")).hasSize(68);
    assertThat(first.getAsJsonArray("landmarks").get(0).getAsJsonArray()).hasSize(2);
    assertThat(first.get("foundBy").getAsString()).isEqualTo("ssd");
    JsonObject kevin =
        JsonParser.parseString(lines.get(1))
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(kevin.get("foundBy").getAsString()).isEqualTo("ssd padded");
    assertThat(JsonParser.parseString(lines.get(2)).getAsJsonObject().getAsJsonArray("faces"))
        .isEmpty();
    assertThat(JsonParser.parseString(lines.get(3)).getAsJsonObject().getAsJsonArray("faces"))
        .isEmpty();

    BufferedImage drawn = ImageIO.read(out.resolve("sample1.png").toFile());
    BufferedImage original = ImageIO.read(DEMO.resolve("sample1.jpg").toFile());
    assertThat(drawn.getWidth()).isEqualTo(1920);
    // The box's top edge is drawn: its pixels differ from the photo's.
    int x = (int) Math.round(first.getAsJsonArray("box").get(0).getAsDouble() + 60);
    int y = (int) Math.round(first.getAsJsonArray("box").get(1).getAsDouble());
    assertThat(drawn.getRGB(x, y) & 0xffffff).isNotEqualTo(original.getRGB(x, y) & 0xffffff);
    assertThat(out.resolve("kevin.png")).isRegularFile();
  }

  @Test
  void detectWithAGalleryNamesTheFacesAndRecognizeAnswersPerFace(@TempDir Path dir)
      throws IOException {
    Path db = Files.copy(template, dir.resolve("people.db"));
    Cli.Result r = Cli.run("detect", "--db", db, DEMO.resolve("sample1.jpg"), "--out", dir);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.outLines()).hasSize(4);
    assertThat(r.out()).contains(": blonde, distance 0.0000").contains("not in the database");

    Cli.Result json =
        Cli.run(
            "recognize",
            "--db",
            db,
            "--json",
            DEMO.resolve("sample1.jpg"),
            Fixtures.seedPerson("kian"));
    assertThat(json.code()).as(json.toString()).isZero();
    JsonArray faces =
        JsonParser.parseString(json.outLines().get(0)).getAsJsonObject().getAsJsonArray("faces");
    assertThat(faces).hasSize(3);
    assertThat(faces.asList())
        .filteredOn(f -> !f.getAsJsonObject().get("name").isJsonNull())
        .hasSize(1)
        .allSatisfy(
            f -> assertThat(f.getAsJsonObject().get("name").getAsString()).isEqualTo("blonde"));
    JsonObject kian =
        JsonParser.parseString(json.outLines().get(1))
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(kian.get("name").getAsString()).isEqualTo("kian");

    Cli.Result text = Cli.run("recognize", "--db", db, DEMO.resolve("sample1.jpg"));
    assertThat(text.outLines()).hasSize(4);
    assertThat(text.outLines().get(0)).isEqualTo("3 faces");
  }

  @Test
  void aPictureWithoutAFaceIsNoMatchForVerifyAndAnErrorForEnrol(@TempDir Path dir)
      throws IOException {
    Path db = Files.copy(template, dir.resolve("people.db"));
    byte[] before = Fixtures.bytes(db);
    Cli.Result v = Cli.run("verify", "--db", db, "--name", "kian", GRADIENT);
    assertThat(v.code()).as(v.toString()).isEqualTo(1);
    assertThat(v.out().strip()).isEqualTo("Not matched: " + GRADIENT + ": no face found");
    Cli.Result vj = Cli.run("verify", "--db", db, "--name", "kian", GRADIENT, "--json");
    assertThat(vj.code()).isEqualTo(1);
    assertThat(JsonParser.parseString(vj.out()).getAsJsonObject().get("distance").isJsonNull())
        .isTrue();
    assertOneLineError(
        Cli.run("enroll", "--db", db, "--name", "nobody", Fixtures.seedPerson("kian"), GRADIENT),
        GRADIENT + ": no face found");
    assertOneLineError(Cli.run("embed", GRADIENT), "no face found");
    assertThat(Fixtures.bytes(db)).isEqualTo(before);
  }

  @Test
  void badPicturesAreOneLineAndTheGalleryIsUntouched(@TempDir Path dir) throws IOException {
    Path db = Files.copy(template, dir.resolve("people.db"), StandardCopyOption.REPLACE_EXISTING);
    byte[] before = Fixtures.bytes(db);
    Path huge = Fixtures.hugePngHeader(dir, 50000, 50000);
    for (Path bad : List.of(huge, Fixtures.truncatedJpeg(dir), Fixtures.notAnImage(dir))) {
      assertOneLineError(Cli.run("detect", bad), bad.toString());
      assertOneLineError(Cli.run("detect", "--json", "--db", db, bad), bad.toString());
      assertOneLineError(
          Cli.run("enroll", "--db", db, "--name", "kian", "--largest", bad), bad.toString());
      assertOneLineError(Cli.run("recognize", "--db", db, bad), bad.toString());
      assertOneLineError(Cli.run("verify", "--db", db, "--name", "kian", bad), bad.toString());
    }
    assertOneLineError(Cli.run("detect", huge), "50000 x 50000 pixels");
    assertThat(Fixtures.bytes(db)).isEqualTo(before);
  }
}
