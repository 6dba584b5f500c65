package dev.facenet.cli;

import static dev.facenet.cli.CommandLineTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 2's bad input, through the CLI: broken pictures, unknown names, an empty gallery, missing
 * weights. Each is exit code 2 and one line on stderr, and the gallery file stays byte for byte
 * what it was (a gallery that did not exist is not created).
 */
class BadInputTest {

  /** A gallery with shivi in it, made once by the CLI; every test works on its own copy. */
  @TempDir static Path shared;

  private static Path template;

  @TempDir Path dir;

  private Path db;
  private byte[] before;

  @BeforeAll
  static void enrolShivi() {
    template = shared.resolve("template.db");
    Cli.Result r =
        Cli.run("enroll", "--db", template, "--name", "shivi", Fixtures.seedPerson("shivi"));
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @BeforeEach
  void copyGallery() throws IOException {
    db = Files.copy(template, dir.resolve("people.db"), StandardCopyOption.REPLACE_EXISTING);
    before = Fixtures.bytes(db);
  }

  private void assertGalleryUntouched() {
    assertThat(Fixtures.bytes(db)).as("gallery bytes").isEqualTo(before);
  }

  static Stream<Arguments> badPictures() {
    return Stream.of(
        Arguments.of(
            "not an image",
            (Function<Path, Path>) Fixtures::notAnImage,
            "not a picture in a known format"),
        Arguments.of("empty file", (Function<Path, Path>) Fixtures::emptyFile, "the file is empty"),
        Arguments.of("truncated JPEG", (Function<Path, Path>) Fixtures::truncatedJpeg, "truncated"),
        Arguments.of("truncated PNG", (Function<Path, Path>) Fixtures::truncatedPng, "truncated"),
        Arguments.of(
            "30000 x 30000 declared",
            (Function<Path, Path>) d -> Fixtures.hugePngHeader(d, 30000, 30000),
            "30000 x 30000 pixels"),
        Arguments.of(
            "missing file", (Function<Path, Path>) d -> d.resolve("nowhere.jpg"), "no such file"),
        Arguments.of(
            "symbolic link loop",
            (Function<Path, Path>)
                d -> {
                  try {
                    Path a = d.resolve("a.jpg");
                    Path b = d.resolve("b.jpg");
                    Files.createSymbolicLink(a, b);
                    Files.createSymbolicLink(b, a);
                    return a;
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                },
            "a loop of symbolic links"));
  }

  @Test
  void aThresholdTooLargeForADoubleIsCalledThat() {
    Cli.Result r =
        Cli.run(
            "verify",
            "--db",
            db,
            "--name",
            "shivi",
            "--threshold",
            "1e309",
            Fixtures.seedPerson("shivi"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("'1e309' is too large to be a distance"));
    assertGalleryUntouched();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPictures")
  void aBadPictureIsOneLineExit2AndTheGalleryIsUntouched(
      String what, Function<Path, Path> make, String expected) {
    Path bad = make.apply(dir);
    Path good = Fixtures.seedPerson("kian");
    assertOneLineError(Cli.run("enroll", "--db", db, "--name", "kian", bad), expected);
    assertOneLineError(
        Cli.run("enroll", "--db", db, "--name", "kian", good, bad), expected); // all or nothing
    assertOneLineError(Cli.run("verify", "--db", db, "--name", "shivi", bad), expected);
    assertOneLineError(Cli.run("recognize", "--db", db, good, bad), expected);
    assertOneLineError(Cli.run("embed", good, bad, "--json"), expected);
    assertGalleryUntouched();
    assertThat(Cli.run("list", "--db", db).outLines())
        .hasSize(1)
        .allMatch(l -> l.startsWith("shivi"));

    Path fresh = dir.resolve("fresh.db");
    assertOneLineError(Cli.run("enroll", "--db", fresh, "--name", "kian", good, bad), expected);
    assertThat(fresh).as("no gallery is created by a failed enrolment").doesNotExist();
  }

  @Test
  void controlCharactersOfAFileNameReachTheTerminalOnlyAsEscapes() throws Exception {
    // an escape sequence that would clear the screen, and a bell (ASCII: any locale can name it)
    Path file = Files.writeString(dir.resolve("x\u001b[2J\u0007.jpg"), "not a picture");
    Cli.Result r = Cli.run("detect", file);
    CommandLineTest.assertOneLineError(r, "x\\u001b[2J\\u0007.jpg");
    assertThat(r.err()).doesNotContain("\u001b", "\u0007");
    // text that reorders or hides what follows, and line breaks
    assertThat(ErrorHandlers.oneLine("a\u202eb\u200bc\r\nd\te\u200df"))
        .isEqualTo("a\\u202eb\\u200bc d\te\u200df");
  }

  @Test
  void anUnknownName() {
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    assertOneLineError(
        Cli.run("verify", "--db", db, "--name", "nobody", probe), "unknown name 'nobody'");
    assertOneLineError(
        Cli.run("verify", "--db", db, "--name", "nobody", probe, "--json"),
        "unknown name 'nobody'");
    assertOneLineError(Cli.run("remove", "--db", db, "--name", "nobody"), "unknown name 'nobody'");
    assertGalleryUntouched();
  }

  @Test
  void anEmptyGallery() {
    Cli.Result removed = Cli.run("remove", "--db", db, "--name", "shivi");
    assertThat(removed.code()).as(removed.toString()).isZero();
    before = Fixtures.bytes(db);
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    assertOneLineError(Cli.run("recognize", "--db", db, probe), "the gallery is empty");
    assertOneLineError(Cli.run("recognize", "--db", db, probe, "--json"), "the gallery is empty");
    assertOneLineError(
        Cli.run("verify", "--db", db, "--name", "shivi", probe), "unknown name 'shivi'");
    assertGalleryUntouched();
  }

  @Test
  void aMissingWeightsFolder() {
    Path probe = Fixtures.seedImage("shivi_test.jpg");
    String[] model = {"--model", "nn4-small2", "--weights", "/nonexistent"};
    assertOneLineError(
        Cli.run(
            concat(
                new Object[] {"enroll", "--db", db, "--name", "kian", Fixtures.seedPerson("kian")},
                model)),
        "/nonexistent");
    assertOneLineError(
        Cli.run(concat(new Object[] {"verify", "--db", db, "--name", "shivi", probe}, model)),
        "/nonexistent");
    assertOneLineError(
        Cli.run(concat(new Object[] {"recognize", "--db", db, probe}, model)), "/nonexistent");
    assertOneLineError(Cli.run(concat(new Object[] {"embed", probe}, model)), "/nonexistent");
    assertGalleryUntouched();
    Path fresh = dir.resolve("fresh.db");
    assertOneLineError(
        Cli.run(
            concat(
                new Object[] {
                  "enroll", "--db", fresh, "--name", "kian", Fixtures.seedPerson("kian")
                },
                model)),
        "/nonexistent");
    assertThat(fresh).doesNotExist();
  }

  @Test
  void encodingsOfAnotherModelAreNeverCompared() {
    Cli.Result r =
        Cli.run(
            "verify",
            "--db",
            db,
            "--name",
            "shivi",
            "--model",
            "nn4-small2",
            Fixtures.seedImage("shivi_test.jpg"));
    assertOneLineError(r, "no encodings made by nn4-small2");
    assertGalleryUntouched();
  }

  private static Object[] concat(Object[] a, Object[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray();
  }
}
