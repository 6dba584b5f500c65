package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Face quality on the command line: every JSON answer about a face carries it, enroll refuses a
 * face under the floor with the reason unless forced, forcing skips no other check, and recognize,
 * verify and compare warn when a face is too poor to trust.
 */
class QualityCommandsTest {
  @TempDir Path dir;

  /** Yale's subject 3 so far away that the face is about 15 px wide: found, but too poor. */
  private Path distant() {
    return Fixtures.shrunk(Fixtures.yale(3, "normal"), 0.1, dir.resolve("distant.png"));
  }

  @Test
  void enrollRefusesAPoorFaceWithTheReasonAndForceTakesIt() {
    Path db = dir.resolve("people.db");
    Path far = distant();
    Cli.Result refused = Cli.run("enroll", "--db", db, "--name", "ann", far);
    assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.errLines())
        .singleElement()
        .asString()
        .startsWith("facenet: enrol ann: " + far + ": the face is too poor to enrol (quality 0.")
        .contains("px wide")
        .endsWith("; give a sharper, larger or more frontal picture, or force it");
    assertThat(Cli.run("list", "--db", db).out()).doesNotContain("ann");

    Cli.Result forced = Cli.run("enroll", "--db", db, "--name", "ann", "--force", far);
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(forced.out()).startsWith("Enrolled ann: 1 picture");

    // --force takes poor faces, nothing else: a picture without a face is refused all the same
    Path blank = Fixtures.shrunk(Fixtures.seedImage("camera_0.jpg"), 0.1, dir.resolve("b.png"));
    Cli.Result noFace = Cli.run("enroll", "--db", db, "--name", "bob", "--force", blank);
    assertThat(noFace.code()).isEqualTo(2);
    assertThat(noFace.err()).contains("no face found");
    assertThat(Cli.run("list", "--db", db).out()).doesNotContain("bob");
  }

  @Test
  void answersAboutAPoorFaceSaySoAndJsonCarriesTheQuality() {
    Path db = dir.resolve("people.db");
    Path good = Fixtures.yale(3, "normal");
    assertThat(Cli.run("enroll", "--db", db, "--name", "cat", good).code()).isZero();
    Path far = distant();

    Cli.Result recognized = Cli.run("recognize", "--db", db, far);
    assertThat(recognized.code()).as(recognized.toString()).isZero();
    assertThat(recognized.outLines()).hasSize(2);
    assertThat(recognized.outLines().get(1))
        .startsWith("  warning: the face is too poor to trust the answer, quality 0.")
        .contains("px wide");
    Cli.Result clear = Cli.run("recognize", "--db", db, Fixtures.yale(3, "happy"));
    assertThat(clear.outLines()).singleElement().asString().startsWith("It's cat");

    JsonObject json =
        JsonParser.parseString(Cli.run("recognize", "--db", db, "--json", far).out())
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("quality");
    assertThat(json.get("poor").getAsBoolean()).isTrue();
    assertThat(json.get("score").getAsDouble()).isBetween(0.0, 0.35);
    assertThat(json.get("width").getAsDouble()).isBetween(8.0, 24.0);
    assertThat(json.getAsJsonArray("problems").toString()).contains("px wide");
    for (String key :
        new String[] {"sharpness", "yaw", "pitch", "brightness", "evenness", "confidence"}) {
      assertThat(json.has(key)).as(key).isTrue();
    }

    Cli.Result verified = Cli.run("verify", "--db", db, "--name", "cat", "--json", far);
    JsonObject v = JsonParser.parseString(verified.out()).getAsJsonObject();
    assertThat(v.get("poor").getAsBoolean()).isTrue();
    assertThat(v.getAsJsonObject("quality").get("poor").getAsBoolean()).isTrue();
    Cli.Result verifiedText = Cli.run("verify", "--db", db, "--name", "cat", far);
    assertThat(verifiedText.outLines().get(verifiedText.outLines().size() - 1))
        .startsWith("  warning: the face is too poor to trust the answer");

    Cli.Result compared = Cli.run("compare", good, far);
    assertThat(compared.out()).contains("warning: " + far + "'s face is too poor to trust");
    assertThat(compared.out()).doesNotContain("warning: " + good);

    JsonObject detected =
        JsonParser.parseString(Cli.run("detect", "--json", good).out())
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(detected.getAsJsonObject("quality").get("poor").getAsBoolean()).isFalse();
    assertThat(detected.getAsJsonObject("quality").getAsJsonArray("problems")).isEmpty();
    Cli.Result detectedText = Cli.run("detect", good);
    assertThat(detectedText.outLines().get(1)).contains(", quality 1.00");

    JsonObject embedded =
        JsonParser.parseString(Cli.run("embed", "--json", far).out()).getAsJsonObject();
    assertThat(embedded.getAsJsonObject("quality").get("poor").getAsBoolean()).isTrue();
  }
}
