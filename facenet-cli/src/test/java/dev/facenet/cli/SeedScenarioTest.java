package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed notebook's scenario through the command line. Issue 2, item 9: enrol its twelve people,
 * one picture each with the whole picture as the face ({@code --whole-image}), then shivi_test.jpg
 * verifies as shivi under the 0.6 threshold and recognize names shivi. Issue 3, item 7: the same
 * with faces detected and aligned (the default), where danielle.png, who is not enrolled, is also
 * "not in the database".
 */
class SeedScenarioTest {

  @TempDir Path dir;

  @Test
  void shiviTestIsShivi() {
    Path db = dir.resolve("seed.db");
    for (String name : Fixtures.SEED_PEOPLE) {
      Cli.Result r =
          Cli.run("enroll", "--db", db, "--name", name, Fixtures.seedPerson(name), "--whole-image");
      assertThat(r.code()).as(r.toString()).isZero();
    }
    Cli.Result list = Cli.run("list", "--db", db);
    assertThat(list.outLines()).hasSize(12);
    assertThat(list.outLines())
        .allSatisfy(line -> assertThat(line).contains("1 encoding", "resnet/whole-image"));

    Path probe = Fixtures.seedImage("shivi_test.jpg");
    Cli.Result verify =
        Cli.run("verify", "--db", db, "--name", "shivi", probe, "--json", "--whole-image");
    assertThat(verify.code()).as(verify.toString()).isZero();
    JsonObject v = JsonParser.parseString(verify.out()).getAsJsonObject();
    assertThat(v.get("name").getAsString()).isEqualTo("shivi");
    assertThat(v.get("match").getAsBoolean()).isTrue();
    assertThat(v.get("threshold").getAsDouble()).isEqualTo(0.6);
    double distance = v.get("distance").getAsDouble();
    assertThat(distance).isGreaterThan(0).isLessThan(0.6);

    Cli.Result recognize = Cli.run("recognize", "--db", db, probe, "--whole-image");
    assertThat(recognize.code()).as(recognize.toString()).isZero();
    assertThat(recognize.out().strip())
        .isEqualTo("It's shivi, the distance is " + Formats.distance(distance));

    Cli.Result human = Cli.run("verify", "--db", db, "--name", "shivi", probe, "--whole-image");
    assertThat(human.out().strip())
        .isEqualTo(
            "Matched: it's shivi, the distance is "
                + Formats.distance(distance)
                + " (threshold 0.6)");
  }

  @Test
  void onPhotosShiviTestIsShiviAndDanielleIsNotInTheDatabase() {
    Path db = dir.resolve("photos.db");
    for (String name : Fixtures.SEED_PEOPLE) {
      Cli.Result r = Cli.run("enroll", "--db", db, "--name", name, Fixtures.seedPerson(name));
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("resnet/dlib-chip-150");
    }
    Cli.Result shivi =
        Cli.run("verify", "--db", db, "--name", "shivi", Fixtures.seedImage("shivi_test.jpg"));
    assertThat(shivi.code()).as(shivi.toString()).isZero();
    Cli.Result both =
        Cli.run(
            "recognize",
            "--db",
            db,
            "--json",
            Fixtures.seedImage("shivi_test.jpg"),
            Fixtures.seedImage("danielle.png"));
    assertThat(both.code()).as(both.toString()).isZero();
    JsonObject s =
        JsonParser.parseString(both.outLines().get(0))
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(s.get("name").getAsString()).isEqualTo("shivi");
    JsonObject d =
        JsonParser.parseString(both.outLines().get(1))
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(d.get("name").isJsonNull()).as(both.out()).isTrue();
    assertThat(d.get("distance").getAsDouble()).isGreaterThan(0.6);
    Cli.Result text = Cli.run("recognize", "--db", db, Fixtures.seedImage("danielle.png"));
    assertThat(text.out()).startsWith("Not in the database (the nearest is ");
  }
}
