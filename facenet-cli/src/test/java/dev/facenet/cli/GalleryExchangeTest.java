package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gallery moved with export and import, and {@code recognize --top}: on real encodings of the
 * seed's people, through the command line.
 */
class GalleryExchangeTest {

  @TempDir Path dir;

  private static final String[] PEOPLE = {"shivi", "kian", "younes", "andrew", "tian"};

  private Path gallery() {
    Path db = dir.resolve("people.db");
    for (String name : PEOPLE) {
      Cli.Result r = Cli.run("enroll", "--db", db, "--name", name, Fixtures.seedPerson(name));
      assertThat(r.code()).as(r.toString()).isZero();
    }
    return db;
  }

  @Test
  void exportThenImportMovesTheGalleryBitForBitAndABadLineStoresNothing() throws Exception {
    Path db = gallery();
    Cli.Result export = Cli.run("export", "--db", db);
    assertThat(export.code()).as(export.toString()).isZero();
    assertThat(export.outLines()).hasSize(PEOPLE.length);
    assertThat(export.err()).contains("Exported 5 encodings");
    JsonObject first = JsonParser.parseString(export.outLines().get(0)).getAsJsonObject();
    assertThat(first.get("name").getAsString()).isEqualTo("andrew"); // by name
    assertThat(first.get("model").getAsString()).isEqualTo("resnet");
    assertThat(first.get("crop").getAsString()).isEqualTo("dlib-chip-150");
    assertThat(first.get("embedding").getAsJsonArray()).hasSize(128);
    // the picture it came from travels too, so enroll --dataset into the copy skips it
    assertThat(first.get("sha256").getAsString())
        .isEqualTo(ContentHash.of(Fixtures.seedPerson("andrew")).hex());

    Path lines = dir.resolve("people.jsonl");
    Files.writeString(lines, export.out(), StandardCharsets.UTF_8);
    Path copy = dir.resolve("copy.db");
    Cli.Result imported = Cli.run("import", "--db", copy, lines);
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(imported.out()).startsWith("Imported 5 encodings");
    assertThat(Cli.run("export", "--db", copy).out()).isEqualTo(export.out());

    // The copy recognises as the original does: the same distances to the last digit.
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    assertThat(Cli.run("recognize", "--db", copy, "--json", probe).out())
        .isEqualTo(Cli.run("recognize", "--db", db, "--json", probe).out());

    // A bad fourth line: named, exit 2, and the three good lines before it are not stored.
    List<String> bad = new ArrayList<>(export.outLines());
    bad.set(3, bad.get(3).replace("\"embedding\":[", "\"embedding\":[\"x\","));
    Path badFile = dir.resolve("bad.jsonl");
    Files.write(badFile, bad, StandardCharsets.UTF_8);
    Path other = dir.resolve("other.db");
    Cli.run("enroll", "--db", other, "--name", "kian", Fixtures.seedPerson("kian"));
    Cli.Result refused = Cli.run("import", "--db", other, badFile);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("bad.jsonl: line 4: \"embedding\" value 1 is not a number")
        .contains("nothing was imported");
    assertThat(Cli.run("list", "--db", other).outLines()).hasSize(1);

    // An encoding of the wrong length for the gallery: the gallery's own check, by line number.
    List<String> shortOne = new ArrayList<>(export.outLines());
    shortOne.add(
        "{\"name\":\"z\",\"model\":\"resnet\",\"crop\":\"dlib-chip-150\",\"embedding\":[1]}");
    Files.write(badFile, shortOne, StandardCharsets.UTF_8);
    Cli.Result wrongLength = Cli.run("import", "--db", other, badFile);
    assertThat(wrongLength.code()).isEqualTo(2);
    assertThat(wrongLength.err()).contains("line 6").contains("nothing was imported");
    assertThat(Cli.run("list", "--db", other).outLines()).hasSize(1);

    // Into a new gallery, where no stored encoding sets the length: the model's own length does
    Path fresh = dir.resolve("fresh.db");
    for (String[] line :
        new String[][] {
          {
            "{\"name\":\"z\",\"model\":\"resnet\",\"crop\":\"dlib-chip-150\",\"embedding\":[1,2]}",
            "line 1: an encoding of resnet has 2 values, where resnet makes 128"
          },
          {
            "{\"name\":\"z\",\"model\":\"mystery\",\"crop\":\"dlib-chip-150\",\"embedding\":[1,2]}",
            "line 1: unknown model 'mystery' (known: nn4-small2, resnet)"
          }
        }) {
      Files.write(badFile, List.of(line[0]), StandardCharsets.UTF_8);
      Cli.Result r = Cli.run("import", "--db", fresh, badFile);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(line[1]).contains("nothing was imported");
    }

    // A picture hash that is not one
    List<String> badHash = new ArrayList<>(export.outLines());
    badHash.set(1, badHash.get(1).replaceFirst("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"abc\""));
    Files.write(badFile, badHash, StandardCharsets.UTF_8);
    Cli.Result wrongHash = Cli.run("import", "--db", other, badFile);
    assertThat(wrongHash.code()).isEqualTo(2);
    assertThat(wrongHash.err()).contains("line 2: \"sha256\" must be 64 hex digits");
    assertThat(Cli.run("list", "--db", other).outLines()).hasSize(1);
  }

  @Test
  void recognizeTopGivesTheNearestPeopleInOrderWithTheAnswerFirst() {
    Path db = gallery();
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    for (String search : new String[] {"exact", "approximate", "auto"}) {
      Cli.Result r =
          Cli.run("recognize", "--db", db, "--json", "--top", 3, "--search", search, probe);
      assertThat(r.code()).as(r.toString()).isZero();
      JsonObject face =
          JsonParser.parseString(r.out())
              .getAsJsonObject()
              .getAsJsonArray("faces")
              .get(0)
              .getAsJsonObject();
      JsonArray candidates = face.getAsJsonArray("candidates");
      assertThat(candidates).hasSize(3);
      assertThat(candidates.get(0).getAsJsonObject().get("name").getAsString())
          .isEqualTo(face.get("name").getAsString())
          .isEqualTo("shivi");
      double previous = -1;
      for (int i = 0; i < 3; i++) {
        double d = candidates.get(i).getAsJsonObject().get("distance").getAsDouble();
        assertThat(d).isGreaterThanOrEqualTo(previous);
        previous = d;
      }
    }
    Cli.Result text = Cli.run("recognize", "--db", db, "--top", 2, probe);
    assertThat(text.outLines()).hasSize(3);
    assertThat(text.outLines().get(1)).matches("  1\\. shivi 0\\.\\d{4}");
    Cli.Result plain = Cli.run("recognize", "--db", db, "--json", probe);
    assertThat(plain.out()).doesNotContain("candidates");
    Cli.Result zero = Cli.run("recognize", "--db", db, "--top", 0, probe);
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("at least 1");
    Cli.Result badSearch = Cli.run("recognize", "--db", db, "--search", "fast", probe);
    assertThat(badSearch.code()).isEqualTo(2);
    assertThat(badSearch.err()).contains("unknown search 'fast'");
  }
}
