package dev.facenet.cli;

import static dev.facenet.cli.CommandLineTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Embedding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code facenet compare} on the seed's pictures with the default (pretrained) pipeline: the same
 * person under the threshold, others over it, a picture without a face as a non-match, the distance
 * the one two {@code embed} encodings give, and bad input as one line.
 */
class CompareCommandTest {
  static final Path NO_FACE = PhotoCommandsTest.GRADIENT;

  @Test
  void saysForEachPictureWhetherItShowsThePersonOfTheFirst() {
    Path shivi = Fixtures.seedPerson("shivi");
    Cli.Result r =
        Cli.run(
            "compare",
            shivi,
            Fixtures.seedImage("shivi_test.jpg"),
            Fixtures.seedPerson("kian"),
            Fixtures.seedPerson("younes"));
    assertThat(r.code()).as("one picture is someone else: " + r).isEqualTo(1);
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith(
            Fixtures.seedImage("shivi_test.jpg")
                + ": the same person as "
                + shivi
                + ", the distance is 0.")
        .endsWith("(threshold 0.6)");
    assertThat(lines.get(1))
        .startsWith(Fixtures.seedPerson("kian") + ": not the same person as " + shivi);
    assertThat(lines.get(2))
        .startsWith(Fixtures.seedPerson("younes") + ": not the same person as " + shivi);

    Cli.Result younes =
        Cli.run("compare", Fixtures.seedPerson("younes"), Fixtures.seedImage("camera_0.jpg"));
    assertThat(younes.code()).as("the seed's camera_0 is younes: " + younes).isZero();
  }

  @Test
  void jsonGivesTheDistanceOfTheTwoEncodingsAndNullForAPictureWithoutAFace() {
    Path younes = Fixtures.seedPerson("younes");
    Path camera = Fixtures.seedImage("camera_0.jpg");
    Cli.Result r = Cli.run("compare", "--json", "--threshold", "0.5", younes, camera, NO_FACE);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonObject same = JsonParser.parseString(r.outLines().get(0)).getAsJsonObject();
    JsonObject none = JsonParser.parseString(r.outLines().get(1)).getAsJsonObject();

    Cli.Result embed = Cli.run("embed", "--json", younes, camera);
    assertThat(embed.code()).as(embed.toString()).isZero();
    float[] a = values(JsonParser.parseString(embed.outLines().get(0)).getAsJsonObject());
    float[] b = values(JsonParser.parseString(embed.outLines().get(1)).getAsJsonObject());
    double expected = Embedding.distance(a, b);
    assertThat(same.get("distance").getAsDouble())
        .isCloseTo(expected, within(1e-6))
        .isLessThan(0.5);
    assertThat(same.get("match").getAsBoolean()).isTrue();
    assertThat(same.get("threshold").getAsDouble()).isEqualTo(0.5);
    assertThat(same.get("known").getAsString()).isEqualTo(younes.toString());
    assertThat(none.get("image").getAsString()).isEqualTo(NO_FACE.toString());
    assertThat(none.get("distance").isJsonNull()).isTrue();
    assertThat(none.get("match").getAsBoolean()).isFalse();

    Cli.Result strict =
        Cli.run("compare", "--threshold", String.valueOf(expected / 2), younes, camera);
    assertThat(strict.code())
        .as("under a threshold below their distance they differ: " + strict)
        .isEqualTo(1);
    assertThat(strict.out()).contains("not the same person as");
  }

  @Test
  void aGallerysCalibratedThresholdIsUsedWithDbAndAGivenOneWins(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    Path db = dir.resolve("calibrated.db");
    try (dev.facenet.gallery.SqliteGallery g = dev.facenet.gallery.SqliteGallery.open(db)) {
      g.setThreshold("resnet", "dlib-chip-150", 0.25);
    }
    Path younes = Fixtures.seedPerson("younes");
    Path camera = Fixtures.seedImage("camera_0.jpg");
    Cli.Result r = Cli.run("compare", "--db", db, younes, camera);
    assertThat(r.code()).as("0.305 apart, over the calibrated 0.25: " + r).isEqualTo(1);
    assertThat(r.out()).contains("not the same person as").contains("(threshold 0.25)");
    Cli.Result given = Cli.run("compare", "--db", db, "--threshold", "0.6", younes, camera);
    assertThat(given.code()).as(given.toString()).isZero();
    assertThat(given.out()).contains("(threshold 0.6)");
    assertOneLineError(
        Cli.run("compare", "--db", dir.resolve("none.db"), younes, camera), "does not exist");
    assertThat(dir.resolve("none.db")).as("a missing gallery is not created").doesNotExist();
  }

  @Test
  void aFirstPictureWithoutAFaceMatchesNothing() {
    Cli.Result r =
        Cli.run("compare", NO_FACE, Fixtures.seedPerson("kian"), Fixtures.seedPerson("kevin"));
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.outLines())
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains(": not compared: ").contains("no face"));
  }

  @Test
  void badInputIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertOneLineError(
        Cli.run("compare", Fixtures.seedPerson("kian"), dir.resolve("missing.jpg")), "missing.jpg");
    assertOneLineError(Cli.run("compare", Fixtures.seedPerson("kian")), "IMAGE");
    assertOneLineError(
        Cli.run(
            "compare",
            "--threshold",
            "0",
            Fixtures.seedPerson("kian"),
            Fixtures.seedPerson("kevin")),
        "threshold");
  }

  private static float[] values(JsonObject embedded) {
    JsonArray a = embedded.getAsJsonArray("embedding");
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsFloat();
    }
    return v;
  }
}
