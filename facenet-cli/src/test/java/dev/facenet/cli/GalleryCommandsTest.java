package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.Embedding;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enroll, list, verify, recognize, remove and embed on a real gallery file, in text and in JSON,
 * with exit codes.
 */
class GalleryCommandsTest {

  @TempDir Path dir;

  /**
   * Encodings made in batches of different sizes agree to about 1e-7; distances are compared to
   * this.
   */
  private static final Offset<Double> CLOSE = Offset.offset(1e-5);

  private final Path probe = Fixtures.seedImage("shivi_test.jpg");

  private Path galleryOf(String... names) {
    Path db = dir.resolve("people.db");
    for (String name : names) {
      Cli.Result r = Cli.run("enroll", "--db", db, "--name", name, Fixtures.seedPerson(name));
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out())
          .isEqualTo(
              "Enrolled " + name + ": 1 picture (resnet/dlib-chip-150)" + System.lineSeparator());
      assertThat(r.err()).isEmpty();
    }
    return db;
  }

  @Test
  void textOutputAndExitCodes() {
    Path db = galleryOf("shivi", "kian", "younes");

    Cli.Result list = Cli.run("list", "--db", db);
    assertThat(list.code()).isZero();
    assertThat(list.outLines()).hasSize(3);
    assertThat(list.outLines().get(0))
        .startsWith("kian")
        .contains("1 encoding", "resnet/dlib-chip-150");
    assertThat(list.outLines().get(1)).startsWith("shivi");
    assertThat(list.outLines().get(2)).startsWith("younes");

    Cli.Result matched = Cli.run("verify", "--db", db, "--name", "shivi", probe);
    assertThat(matched.code()).as(matched.toString()).isZero();
    assertThat(matched.out())
        .matches("Matched: it's shivi, the distance is 0\\.\\d{4} \\(threshold 0\\.6\\)\\R");

    Cli.Result strict =
        Cli.run("verify", "--db", db, "--name", "shivi", "--threshold", "0.05", probe);
    assertThat(strict.code()).as(strict.toString()).isEqualTo(1);
    assertThat(strict.out())
        .matches(
            "Not matched: it's not shivi, the distance is 0\\.\\d{4} \\(threshold 0\\.05\\)\\R");
    assertThat(strict.err()).isEmpty();

    Cli.Result one = Cli.run("recognize", "--db", db, probe);
    assertThat(one.code()).isZero();
    assertThat(one.out()).matches("It's shivi, the distance is 0\\.\\d{4}\\R");

    Cli.Result nobody = Cli.run("recognize", "--db", db, "--threshold", "0.05", probe);
    assertThat(nobody.code()).isZero();
    assertThat(nobody.out())
        .matches(
            "Not in the database \\(the nearest is shivi, distance 0\\.\\d{4}, threshold 0\\.05\\)\\R");

    Path kian = Fixtures.seedPerson("kian");
    Cli.Result two = Cli.run("recognize", "--db", db, probe, kian);
    assertThat(two.outLines()).hasSize(2);
    assertThat(two.outLines().get(0)).startsWith(probe + ": it's shivi, the distance is ");
    assertThat(two.outLines().get(1)).isEqualTo(kian + ": it's kian, the distance is 0.0000");

    Cli.Result removed = Cli.run("remove", "--db", db, "--name", "kian");
    assertThat(removed.code()).isZero();
    assertThat(removed.out()).isEqualTo("Removed kian and 1 encoding" + System.lineSeparator());
    assertThat(Cli.run("list", "--db", db).outLines())
        .hasSize(2)
        .noneMatch(l -> l.startsWith("kian"));

    Cli.Result more =
        Cli.run("enroll", "--db", db, "--name", "shivi", probe, Fixtures.seedPerson("shivi"));
    assertThat(more.out())
        .isEqualTo("Enrolled shivi: 2 pictures (resnet/dlib-chip-150)" + System.lineSeparator());
    assertThat(Cli.run("list", "--db", db).outLines())
        .anyMatch(l -> l.startsWith("shivi") && l.contains("3 encodings"));
    Cli.Result self = Cli.run("verify", "--db", db, "--name", "shivi", probe);
    assertThat(self.out()).contains("the distance is 0.0000");
  }

  @Test
  void namesAreOnePersonHoweverTheirAccentsWereTyped() {
    Path db = dir.resolve("people.db");
    String decomposed = "Jose\u0301"; // "José" typed as e + combining acute accent
    Cli.Result enrolled =
        Cli.run("enroll", "--db", db, "--name", decomposed, Fixtures.seedPerson("dan"));
    assertThat(enrolled.code()).as(enrolled.toString()).isZero();
    assertThat(Cli.run("list", "--db", db).out()).startsWith("Jos\u00e9 ");
    Cli.Result verified =
        Cli.run("verify", "--db", db, "--name", "Jos\u00e9", Fixtures.seedPerson("dan"));
    assertThat(verified.code()).as(verified.toString()).isZero();
    Cli.Result removed = Cli.run("remove", "--db", db, "--name", decomposed);
    assertThat(removed.code()).as(removed.toString()).isZero();
    assertThat(Cli.run("list", "--db", db).out()).startsWith("The gallery is empty.");
  }

  @Test
  void jsonOutput() {
    Path db = dir.resolve("people.db");
    Path shivi = Fixtures.seedPerson("shivi");
    Cli.Result enrolled = Cli.run("enroll", "--db", db, "--name", "shivi", shivi, "--json");
    assertThat(enrolled.code()).as(enrolled.toString()).isZero();
    JsonObject e = JsonParser.parseString(enrolled.out()).getAsJsonObject();
    assertThat(e.keySet()).containsExactly("name", "encodings", "model", "crop", "images");
    assertThat(e.get("encodings").getAsInt()).isEqualTo(1);
    assertThat(e.get("model").getAsString()).isEqualTo("resnet");
    assertThat(e.get("images").getAsJsonArray().get(0).getAsString()).isEqualTo(shivi.toString());
    Cli.run("enroll", "--db", db, "--name", "kian", Fixtures.seedPerson("kian"));

    JsonArray people =
        JsonParser.parseString(Cli.run("list", "--db", db, "--json").out()).getAsJsonArray();
    assertThat(people).hasSize(2);
    JsonObject kian = people.get(0).getAsJsonObject();
    assertThat(kian.get("name").getAsString()).isEqualTo("kian");
    assertThat(kian.get("encodings").getAsInt()).isEqualTo(1);
    assertThat(kian.get("models").getAsJsonArray().get(0).getAsString())
        .isEqualTo("resnet/dlib-chip-150");

    Cli.Result verified = Cli.run("verify", "--db", db, "--name", "shivi", probe, "--json");
    assertThat(verified.code()).isZero();
    assertThat(verified.outLines()).hasSize(1);
    JsonObject v = JsonParser.parseString(verified.out()).getAsJsonObject();
    assertThat(v.keySet())
        .containsExactly("name", "distance", "match", "threshold", "quality", "poor");
    assertThat(v.get("match").getAsBoolean()).isTrue();
    double distance = v.get("distance").getAsDouble();

    Cli.Result refused =
        Cli.run("verify", "--db", db, "--name", "shivi", probe, "--json", "--threshold", "0.05");
    assertThat(refused.code()).isEqualTo(1);
    JsonObject r = JsonParser.parseString(refused.out()).getAsJsonObject();
    assertThat(r.get("match").getAsBoolean()).isFalse();
    assertThat(r.get("threshold").getAsDouble()).isEqualTo(0.05);
    assertThat(r.get("distance").getAsDouble()).isCloseTo(distance, CLOSE);

    Path kianPicture = Fixtures.seedPerson("kian");
    Cli.Result recognized = Cli.run("recognize", "--db", db, probe, kianPicture, "--json");
    assertThat(recognized.code()).isZero();
    assertThat(recognized.outLines()).hasSize(2);
    JsonObject first = JsonParser.parseString(recognized.outLines().get(0)).getAsJsonObject();
    assertThat(first.keySet()).containsExactly("image", "faces");
    assertThat(first.get("image").getAsString()).isEqualTo(probe.toString());
    assertThat(first.getAsJsonArray("faces")).hasSize(1);
    JsonObject firstFace = first.getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(firstFace.keySet())
        .containsExactly("box", "quality", "name", "distance", "margin", "ambiguous");
    // two people known: the margin is how much farther kian is than shivi
    assertThat(firstFace.get("margin").getAsDouble()).isGreaterThan(0.05);
    assertThat(firstFace.get("ambiguous").getAsBoolean()).isFalse();
    assertThat(firstFace.getAsJsonArray("box")).hasSize(4);
    assertThat(firstFace.get("name").getAsString()).isEqualTo("shivi");
    assertThat(firstFace.get("distance").getAsDouble()).isCloseTo(distance, CLOSE);
    JsonObject second = JsonParser.parseString(recognized.outLines().get(1)).getAsJsonObject();
    JsonObject secondFace = second.getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(secondFace.get("name").getAsString()).isEqualTo("kian");
    assertThat(secondFace.get("distance").getAsDouble()).isCloseTo(0, CLOSE);

    Cli.Result unknown = Cli.run("recognize", "--db", db, probe, "--json", "--threshold", "0.05");
    JsonObject none =
        JsonParser.parseString(unknown.out())
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(none.keySet())
        .containsExactly("box", "quality", "name", "distance", "margin", "ambiguous");
    assertThat(none.get("name").isJsonNull()).as("name is null when not in the database").isTrue();
    assertThat(none.get("distance").getAsDouble()).isCloseTo(distance, CLOSE);

    // embed: one line per image, 128 numbers, and the distance between them is the one verify
    // reported
    Cli.Result embedded = Cli.run("embed", shivi, probe, "--json");
    assertThat(embedded.code()).as(embedded.toString()).isZero();
    assertThat(embedded.outLines()).hasSize(2);
    float[][] vectors = new float[2][];
    for (int i = 0; i < 2; i++) {
      JsonObject line = JsonParser.parseString(embedded.outLines().get(i)).getAsJsonObject();
      assertThat(line.keySet()).containsExactly("image", "embedding", "quality");
      assertThat(line.get("image").getAsString())
          .isEqualTo(List.of(shivi, probe).get(i).toString());
      JsonArray numbers = line.get("embedding").getAsJsonArray();
      assertThat(numbers).hasSize(128);
      vectors[i] = new float[128];
      int k = 0;
      for (JsonElement n : numbers) {
        vectors[i][k++] = n.getAsFloat();
      }
    }
    assertThat(Embedding.distance(vectors[0], vectors[1])).isCloseTo(distance, CLOSE);

    Cli.Result text = Cli.run("embed", shivi, probe);
    assertThat(text.outLines()).hasSize(2);
    assertThat(text.out()).startsWith(shivi + ": ");
    String[] numbers = text.outLines().get(0).substring((shivi + ": ").length()).split(" ");
    assertThat(numbers).hasSize(128);
    float[] parsed = new float[128];
    for (int i = 0; i < 128; i++) {
      parsed[i] = Float.parseFloat(numbers[i]);
    }
    assertThat(parsed).isEqualTo(vectors[0]);
    assertThat(Arrays.stream(numbers).distinct().count()).isGreaterThan(100);

    Cli.Result removed = Cli.run("remove", "--db", db, "--name", "kian", "--json");
    JsonObject rm = JsonParser.parseString(removed.out()).getAsJsonObject();
    assertThat(rm.get("name").getAsString()).isEqualTo("kian");
    assertThat(rm.get("removed").getAsBoolean()).isTrue();
    assertThat(rm.get("encodings").getAsInt()).isEqualTo(1);
    assertThat(JsonParser.parseString(Cli.run("list", "--db", db, "--json").out()).getAsJsonArray())
        .hasSize(1);
  }

  @Test
  void namesIgnoreCaseAndKeepTheSpellingTheyWereFirstGiven() {
    Path db = galleryOf("shivi");
    Cli.Result again =
        Cli.run("enroll", "--db", db, "--name", "SHIVI", Fixtures.seedImage("shivi_test.jpg"));
    assertThat(again.out()).startsWith("Enrolled shivi: 1 picture");
    assertThat(Cli.run("list", "--db", db).outLines())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("shivi").contains("2 encodings"));
    Cli.Result verify = Cli.run("verify", "--db", db, "--name", "Shivi", probe);
    assertThat(verify.code()).as(verify.toString()).isZero();
    assertThat(verify.out()).startsWith("Matched: it's shivi,");
  }

  /**
   * Damages the first stored encoding of a person from outside, as a disk error or a tool would.
   */
  @Test
  void aFaceTwoPeopleMatchAlikeIsAmbiguousWithBothNamed() {
    Path db = dir.resolve("people.db");
    Path shivi = Fixtures.seedPerson("shivi");
    assertThat(Cli.run("enroll", "--db", db, "--name", "shivi", shivi).code()).isZero();
    assertThat(Cli.run("enroll", "--db", db, "--name", "shivi-twin", shivi).code()).isZero();
    assertThat(Cli.run("enroll", "--db", db, "--name", "kian", Fixtures.seedPerson("kian")).code())
        .isZero();

    Cli.Result text = Cli.run("recognize", "--db", db, probe);
    assertThat(text.code()).as(text.toString()).isZero();
    assertThat(text.out())
        .startsWith("Ambiguous: shivi")
        .contains(" or shivi", "both under the threshold 0.6", "0.0000 apart");

    Cli.Result json = Cli.run("recognize", "--db", db, probe, "--json");
    JsonObject face =
        JsonParser.parseString(json.out())
            .getAsJsonObject()
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(face.keySet())
        .containsExactly("box", "quality", "name", "distance", "margin", "ambiguous", "candidates");
    assertThat(face.get("name").isJsonNull()).isTrue();
    assertThat(face.get("ambiguous").getAsBoolean()).isTrue();
    assertThat(face.get("margin").getAsDouble()).isZero();
    JsonArray candidates = face.getAsJsonArray("candidates");
    assertThat(candidates).hasSize(2);
    assertThat(
            List.of(
                candidates.get(0).getAsJsonObject().get("name").getAsString(),
                candidates.get(1).getAsJsonObject().get("name").getAsString()))
        .containsExactlyInAnyOrder("shivi", "shivi-twin");

    // --margin 0 names the nearest, whatever the second; a margin that is not a distance is refused
    Cli.Result named = Cli.run("recognize", "--db", db, probe, "--margin", "0");
    assertThat(named.out()).startsWith("It's shivi");
    Cli.Result bad = Cli.run("recognize", "--db", db, probe, "--margin", "-1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'-1' is not a margin");
    // kian's own picture is no one's twin
    Cli.Result kian = Cli.run("recognize", "--db", db, Fixtures.seedPerson("kian"));
    assertThat(kian.out()).startsWith("It's kian");
  }

  private static void damage(Path db, String name, byte[] vector) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.PreparedStatement p =
            c.prepareStatement(
                "UPDATE encoding SET vector = ? WHERE id = (SELECT min(e.id) FROM encoding e"
                    + " JOIN person p ON p.id = e.person_id WHERE p.name = ?)")) {
      p.setBytes(1, vector);
      p.setString(2, name);
      assertThat(p.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void aDamagedEncodingStopsVerifyAndRecognizeWithOneLineAndCheckRepairsIt() throws Exception {
    Path db = galleryOf("shivi", "kian");
    damage(db, "kian", new byte[3]);
    String damaged = "facenet: gallery damaged: encoding 2 of kian (its vector has 3 bytes";
    for (Cli.Result r :
        List.of(
            Cli.run("verify", "--db", db, "--name", "kian", probe),
            Cli.run("recognize", "--db", db, probe),
            Cli.run("export", "--db", db))) {
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith(damaged));
    }

    Cli.Result check = Cli.run("check", "--db", db);
    assertThat(check.code()).as(check.toString()).isEqualTo(1);
    assertThat(check.outLines())
        .startsWith(
            "Found 1 problem:",
            "  damaged encoding: encoding 2 of kian (resnet/dlib-chip-150): its vector has 3 bytes"
                + " where 128 values take 512",
            "'facenet check --repair' removes the damaged rows.",
            "SQLite's integrity check passed",
            "2 people");
    assertThat(Cli.run("check", "--db", db).out())
        .as("check changes nothing")
        .isEqualTo(check.out());

    Cli.Result repaired = Cli.run("check", "--db", db, "--repair", "--json");
    assertThat(repaired.code()).as(repaired.toString()).isZero();
    JsonObject shown = JsonParser.parseString(repaired.out()).getAsJsonObject();
    assertThat(shown.getAsJsonArray("problems")).isEmpty();
    assertThat(shown.getAsJsonArray("repaired"))
        .extracting(JsonElement::getAsString)
        .containsExactly(
            "encoding 2 of kian (resnet/dlib-chip-150): its vector has 3 bytes where 128 values"
                + " take 512",
            "kian (id 2) has no encoding");
    assertThat(Cli.run("check", "--db", db).code()).isZero();
    assertThat(Cli.run("recognize", "--db", db, probe).out()).startsWith("It's shivi");
    assertThat(Cli.run("audit", "--db", db, "--last", "1").out()).contains("repair");
  }

  @Test
  void aVectorOfNaNIsReportedNotSilentlyNeverMatched() throws Exception {
    Path db = galleryOf("shivi");
    byte[] nan = new byte[512];
    java.nio.ByteBuffer.wrap(nan)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .put(Float.NaN);
    damage(db, "shivi", nan);
    Cli.Result r = Cli.run("recognize", "--db", db, probe);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("facenet: gallery damaged: encoding 1 of shivi (value 1 of 128 is NaN)");
  }
}
