package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.gallery.SqliteGallery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line itself: help on every command, wrong flags, missing and foreign gallery files.
 * Each error must be exit code 2 with exactly one line on stderr, and leave the gallery file
 * exactly as it was (or absent).
 */
class CommandLineTest {

  @TempDir Path dir;

  @Test
  void topHelpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("enroll", "verify", "recognize", "list", "remove", "embed", "detect");
    assertThat(r.err()).isEmpty();
  }

  static Stream<Arguments> commandFlags() {
    return Stream.of(
        Arguments.of(
            "enroll",
            List.of(
                "--db=GALLERY",
                "--name=NAME",
                "--dataset=DIR",
                "--model=MODEL",
                "--weights=DIR",
                "--json",
                "IMAGE",
                "--largest",
                "--whole-image",
                "--flip",
                "--detector=NAME",
                "--min-confidence=C")),
        Arguments.of(
            "verify",
            List.of(
                "--db=GALLERY",
                "--name=NAME",
                "--threshold=T",
                "--model=MODEL",
                "--weights=DIR",
                "--json",
                "IMAGE")),
        Arguments.of(
            "recognize",
            List.of(
                "--db=GALLERY",
                "--model=MODEL",
                "--weights=DIR",
                "--json",
                "IMAGE",
                "--top=K",
                "--search=HOW")),
        Arguments.of("export", List.of("--db=GALLERY", "--json")),
        Arguments.of("import", List.of("--db=GALLERY", "FILE")),
        Arguments.of("list", List.of("--db=GALLERY", "--model=MODEL", "--weights=DIR", "--json")),
        Arguments.of(
            "remove",
            List.of("--db=GALLERY", "--name=NAME", "--model=MODEL", "--weights=DIR", "--json")),
        Arguments.of(
            "embed", List.of("--model=MODEL", "--weights=DIR", "--json", "IMAGE", "--whole-image")),
        Arguments.of(
            "detect",
            List.of(
                "--out=DIR",
                "--db=GALLERY",
                "--json",
                "IMAGE",
                "--whole-image",
                "--flip",
                "--detector=NAME",
                "--min-confidence=C")));
  }

  @ParameterizedTest
  @MethodSource("commandFlags")
  void everyCommandHasHelpShowingItsFlags(String command, List<String> flags) {
    Cli.Result r = Cli.run(command, "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: facenet " + command).contains(flags).contains("--help");
    assertThat(r.err()).isEmpty();
    assertThat(Cli.run("help", command).out()).isEqualTo(r.out());
  }

  @Test
  void embedTakesNoGallery() {
    assertThat(Cli.run("embed", "--help").out()).doesNotContain("--db");
  }

  @Test
  void modelHelpNamesTheEncodersAndTheDefault() {
    assertThat(Cli.run("verify", "--help").out())
        .contains("Encoder: nn4-small2, resnet (default: resnet)");
  }

  static Stream<Arguments> wrongFlags() {
    String img = "shivi_test.jpg";
    return Stream.of(
        Arguments.of(List.of(), "Missing required subcommand"),
        Arguments.of(List.of("frobnicate"), "Unmatched argument"),
        Arguments.of(List.of("verify", "--db", "DB", img), "'--name=NAME'"),
        Arguments.of(List.of("verify", "--db", "DB", "--name", "shivi"), "'IMAGE'"),
        Arguments.of(
            List.of("verify", "--db", "DB", "--name", "shivi", img, img), "Unmatched argument"),
        Arguments.of(
            List.of("verify", "--db", "DB", "--name", "shivi", "--threshold", "abc", img), "'abc'"),
        Arguments.of(
            List.of("verify", "--db", "DB", "--name", "shivi", "--threshold", "-1", img),
            "'-1' is not a positive distance"),
        Arguments.of(
            List.of("verify", "--db", "DB", "--name", "shivi", "--threshold", "0", img),
            "'0' is not a positive distance"),
        Arguments.of(
            List.of("recognize", "--db", "DB", "--threshold", "NaN", img),
            "'NaN' is not a positive distance"),
        Arguments.of(
            List.of("verify", "--db", "DB", "--name", "shivi", "--model", "nope", img),
            "unknown model 'nope'"),
        Arguments.of(
            List.of("recognize", "--db", "DB", "--model", "nope", img), "unknown model 'nope'"),
        Arguments.of(
            List.of("enroll", "--db", "DB", "--name", "shivi", "--model", "nope", img),
            "unknown model 'nope'"),
        Arguments.of(List.of("enroll", "--db", "DB", "--name", "shivi"), "'IMAGE'"),
        Arguments.of(List.of("enroll", "--db", "DB", "--name", " ", img), "name must not be blank"),
        Arguments.of(List.of("enroll", "--db", "DB", "--name", "", img), "name must not be empty"),
        Arguments.of(
            List.of("enroll", "--db", "DB", "--name", "a\nb", img),
            "control or invisible characters"),
        Arguments.of(List.of("enroll", "--db", "DB", img), "'--name=NAME'"),
        Arguments.of(
            List.of("enroll", "--db", "DB", "--dataset", ".", "--name", "shivi"),
            "mutually exclusive"),
        Arguments.of(List.of("enroll", "--db", "DB", "--dataset", ".", img), "mutually exclusive"),
        Arguments.of(List.of("list"), "'--db=GALLERY'"),
        Arguments.of(
            List.of("list", "--db", "DB", "--frobnicate"), "Unknown option: '--frobnicate'"),
        Arguments.of(List.of("remove", "--db", "DB"), "'--name=NAME'"),
        Arguments.of(List.of("embed"), "'IMAGE'"),
        Arguments.of(List.of("embed", "--db", "DB", img), "Unknown option: '--db'"),
        Arguments.of(
            List.of("embed", "--model"), "Missing required parameter for option '--model'"),
        Arguments.of(List.of("detect", "--detector", "mtcnn", img), "unknown detector 'mtcnn'"),
        Arguments.of(
            List.of("recognize", "--db", "DB", "--min-confidence", "1.5", img), "between 0 and 1"),
        Arguments.of(List.of("detect"), "'IMAGE'"));
  }

  @ParameterizedTest
  @MethodSource("wrongFlags")
  void wrongFlagsAreOneLineAndExitCode2(List<String> args, String expected) {
    Path db = emptyGallery();
    byte[] before = Fixtures.bytes(db);
    List<String> argv = new ArrayList<>();
    for (String a : args) {
      argv.add(
          a.equals("DB")
              ? db.toString()
              : a.equals("shivi_test.jpg") ? Fixtures.seedImage(a).toString() : a);
    }
    Cli.Result r = Cli.run(argv.toArray());
    assertOneLineError(r, expected);
    assertThat(Fixtures.bytes(db)).as("gallery bytes").isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"verify", "recognize", "list", "remove", "enroll-bad-model"})
  void aMissingGalleryIsAnErrorAndIsNotCreated(String command) {
    Path db = dir.resolve("missing.db");
    Cli.Result r =
        switch (command) {
          case "verify" ->
              Cli.run(
                  "verify", "--db", db, "--name", "shivi", Fixtures.seedImage("shivi_test.jpg"));
          case "recognize" ->
              Cli.run("recognize", "--db", db, Fixtures.seedImage("shivi_test.jpg"));
          case "list" -> Cli.run("list", "--db", db);
          case "remove" -> Cli.run("remove", "--db", db, "--name", "shivi");
          default ->
              Cli.run(
                  "enroll",
                  "--db",
                  db,
                  "--name",
                  "shivi",
                  "--model",
                  "nope",
                  Fixtures.seedPerson("shivi"));
        };
    assertOneLineError(r, command.equals("enroll-bad-model") ? "unknown model" : "does not exist");
    assertThat(db).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "sqlite"})
  void aGalleryFileThatIsNotOursIsRefusedAndLeftAlone(String kind) throws Exception {
    Path db = dir.resolve("theirs.db");
    if (kind.equals("text")) {
      Fixtures.write(
          db, "name,phone\nshivi,555-0100\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)");
        s.execute("INSERT INTO person(name) VALUES ('shivi')");
      }
    }
    byte[] before = Fixtures.bytes(db);
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    List<Cli.Result> results =
        List.of(
            Cli.run("enroll", "--db", db, "--name", "shivi", Fixtures.seedPerson("shivi")),
            Cli.run("verify", "--db", db, "--name", "shivi", probe),
            Cli.run("recognize", "--db", db, probe),
            Cli.run("list", "--db", db),
            Cli.run("list", "--db", db, "--json"),
            Cli.run("remove", "--db", db, "--name", "shivi"));
    for (Cli.Result r : results) {
      assertOneLineError(r, "not a facenet gallery");
      assertThat(r.err()).contains("refusing to touch it");
    }
    assertThat(Fixtures.bytes(db)).as("their file, byte for byte").isEqualTo(before);
  }

  @Test
  void listOfAnEmptyGallery() {
    Path db = emptyGallery();
    Cli.Result text = Cli.run("list", "--db", db);
    assertThat(text.code()).as(text.toString()).isZero();
    assertThat(text.out()).isEqualTo("The gallery is empty." + System.lineSeparator());
    Cli.Result json = Cli.run("list", "--db", db, "--json");
    assertThat(json.out().strip()).isEqualTo("[]");
  }

  @Test
  void removingSomeoneWhoIsNotThereIsAnError() {
    Path db = emptyGallery();
    byte[] before = Fixtures.bytes(db);
    assertOneLineError(Cli.run("remove", "--db", db, "--name", "nobody"), "unknown name 'nobody'");
    assertThat(Fixtures.bytes(db)).isEqualTo(before);
  }

  @Test
  void versionIsPrinted() {
    Cli.Result r = Cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("facenet ");
  }

  /** A real, empty gallery file made by the library. */
  private Path emptyGallery() {
    Path db = dir.resolve("people.db");
    SqliteGallery.open(db).close();
    return db;
  }

  static void assertOneLineError(Cli.Result r, String expected) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.errLines()).as(r.toString()).hasSize(1);
    assertThat(r.err())
        .as(r.toString())
        .startsWith("facenet: ")
        .contains(expected)
        .doesNotContain("\tat ");
    assertThat(r.out()).as(r.toString()).isEmpty();
  }
}
