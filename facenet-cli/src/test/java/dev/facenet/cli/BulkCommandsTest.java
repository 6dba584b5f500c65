package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enroll --dataset} and {@code recognize DIR} on real ORL pictures and a real gallery file:
 * the good pictures are enrolled and named, the others refused or answered with an error line, the
 * answers come in the folder's sorted order, and a second enrolment of the same folder stores only
 * what is new.
 */
class BulkCommandsTest {
  private static final int PEOPLE = 5;

  @TempDir Path dir;

  /** ORL people s1 to s5 with pictures 1 to 4, a text file, and a blank picture (no face). */
  private Path dataset() throws IOException {
    Path root = dir.resolve("dataset");
    for (int s = 1; s <= PEOPLE; s++) {
      Path person = Files.createDirectories(root.resolve("s" + s));
      for (int k = 1; k <= 4; k++) {
        Files.copy(Fixtures.orl(s, k), person.resolve(k + ".pgm"));
      }
    }
    Files.writeString(root.resolve("s1/notes.txt"), "taken in 1992", StandardCharsets.UTF_8);
    BufferedImage blank = new BufferedImage(92, 112, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(blank, "png", root.resolve("s3/blank.png").toFile());
    return root;
  }

  /** Other pictures (6 to 9) of the same people, flat in one folder, and a corrupt one. */
  private List<Path> probes(Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Path> out = new ArrayList<>();
    for (int s = 1; s <= PEOPLE; s++) {
      for (int k = 6; k <= 9; k++) {
        out.add(Files.copy(Fixtures.orl(s, k), folder.resolve("s" + s + "_" + k + ".pgm")));
      }
    }
    out.add(Fixtures.truncatedJpeg(folder)); // truncated.jpg
    Files.writeString(folder.resolve("README"), "not a picture, not read");
    return out.stream().sorted().toList();
  }

  @Test
  void enrollDatasetThenRecognizeAFolderNamesEveryoneInOrder() throws IOException {
    Path db = dir.resolve("people.db");
    Path root = dataset();
    Cli.Result enrolled = Cli.run("enroll", "--db", db, "--dataset", root);
    assertThat(enrolled.code()).as(enrolled.toString()).isZero();
    assertThat(enrolled.outLines())
        .containsExactly("Enrolled 5 people, 20 pictures (0 already enrolled, 2 refused)");
    List<String> refused =
        List.of(
            "facenet: refused "
                + root.resolve("s1/notes.txt")
                + ": not a picture file (by its name)",
            "facenet: refused " + root.resolve("s3/blank.png") + ": no face found");
    assertThat(enrolled.errLines()).containsExactlyElementsOf(refused);

    // run again (after an interruption, say): everything is there, nothing is stored twice
    Cli.Result again = Cli.run("enroll", "--db", db, "--dataset", root);
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.outLines())
        .containsExactly("Enrolled 0 people, 0 pictures (20 already enrolled, 2 refused)");
    assertThat(again.errLines()).containsExactlyElementsOf(refused);
    Cli.Result list = Cli.run("list", "--db", db);
    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(list.outLines()).hasSize(PEOPLE).allMatch(line -> line.contains(" 4 encodings "));

    Path folder = dir.resolve("probes");
    List<Path> probes = probes(folder);
    Path corrupt = folder.resolve("truncated.jpg");
    Cli.Result r = Cli.run("recognize", "--db", db, folder);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(probes.size());
    for (int i = 0; i < probes.size(); i++) {
      Path p = probes.get(i);
      if (p.equals(corrupt)) {
        assertThat(lines.get(i)).startsWith(p + ": error: ");
      } else {
        String person = p.getFileName().toString().split("_")[0];
        assertThat(lines.get(i)).startsWith(p + ": it's " + person + ", the distance is ");
      }
    }
    assertThat(r.errLines()).containsExactly("facenet: 1 of 21 pictures could not be read");

    Cli.Result json = Cli.run("recognize", "--db", db, "--json", folder);
    assertThat(json.code()).as(json.toString()).isEqualTo(2);
    assertThat(json.outLines()).hasSize(probes.size());
    for (int i = 0; i < probes.size(); i++) {
      JsonObject o = JsonParser.parseString(json.outLines().get(i)).getAsJsonObject();
      assertThat(o.get("image").getAsString()).isEqualTo(probes.get(i).toString());
      if (probes.get(i).equals(corrupt)) {
        assertThat(o.get("error").getAsString()).isNotBlank();
        assertThat(o.has("faces")).isFalse();
      } else {
        String person = probes.get(i).getFileName().toString().split("_")[0];
        assertThat(o.getAsJsonArray("faces")).hasSize(1);
        assertThat(o.getAsJsonArray("faces").get(0).getAsJsonObject().get("name").getAsString())
            .isEqualTo(person);
      }
    }

    Files.delete(corrupt);
    Cli.Result clean = Cli.run("recognize", "--db", db, folder, Fixtures.orl(2, 10));
    assertThat(clean.code()).as(clean.toString()).isZero();
    assertThat(clean.outLines()).hasSize(probes.size()); // 20 in the folder, then the file
    assertThat(clean.outLines().get(probes.size() - 1))
        .startsWith(Fixtures.orl(2, 10) + ": it's s2, ");
    assertThat(clean.err()).isEmpty();
  }

  @Test
  void aDatasetWithNothingToEnrolStoresNothing() throws IOException {
    Path db = dir.resolve("people.db");
    Path root = dir.resolve("dataset");
    Files.createDirectories(root.resolve("nobody"));
    ImageIO.write(
        new BufferedImage(92, 112, BufferedImage.TYPE_INT_RGB),
        "png",
        root.resolve("nobody/blank.png").toFile());
    Cli.Result r = Cli.run("enroll", "--db", db, "--dataset", root);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("no picture could be enrolled");
    assertThat(db).doesNotExist();
  }

  @Test
  void aFolderNameThatIsNoNameIsRefusedBeforeAnyWork() throws IOException {
    Path db = dir.resolve("people.db");
    Path root = dir.resolve("dataset");
    Files.copy(Fixtures.orl(1, 1), Files.createDirectories(root.resolve(" ")).resolve("1.pgm"));
    Cli.Result r = Cli.run("enroll", "--db", db, "--dataset", root);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("name must not be blank");
    assertThat(db).doesNotExist();
  }

  @Test
  void enrollDatasetJsonIsOneObject() throws IOException {
    Path db = dir.resolve("people.db");
    Path root = dir.resolve("dataset");
    for (int s = 1; s <= 2; s++) {
      Files.copy(
          Fixtures.orl(s, 1), Files.createDirectories(root.resolve("s" + s)).resolve("1.pgm"));
    }
    Files.writeString(root.resolve("s2/bad.jpg"), "not a picture");
    Cli.Result r = Cli.run("enroll", "--db", db, "--dataset", root, "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.outLines()).hasSize(1);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("people").getAsInt()).isEqualTo(2);
    assertThat(o.get("pictures").getAsInt()).isEqualTo(2);
    assertThat(o.get("alreadyEnrolled").getAsInt()).isZero();
    assertThat(o.getAsJsonArray("refused")).hasSize(1);
    JsonObject refused = o.getAsJsonArray("refused").get(0).getAsJsonObject();
    assertThat(refused.get("file").getAsString()).isEqualTo(root.resolve("s2/bad.jpg").toString());
    assertThat(refused.get("reason").getAsString()).isNotBlank();
    assertThat(o.getAsJsonArray("warnings")).isEmpty();
    assertThat(r.err()).isEmpty();

    // one more picture, and the same content filed under the other person too
    Files.copy(Fixtures.orl(1, 2), root.resolve("s1/2.pgm"));
    Files.copy(Fixtures.orl(1, 1), root.resolve("s2/misfiled.pgm"));
    Cli.Result again = Cli.run("enroll", "--db", db, "--dataset", root, "--json");
    assertThat(again.code()).as(again.toString()).isZero();
    JsonObject next = JsonParser.parseString(again.out()).getAsJsonObject();
    assertThat(next.get("pictures").getAsInt()).isEqualTo(2);
    assertThat(next.get("alreadyEnrolled").getAsInt()).isEqualTo(2);
    assertThat(next.getAsJsonArray("refused")).hasSize(1);
    JsonObject warned = next.getAsJsonArray("warnings").get(0).getAsJsonObject();
    assertThat(warned.get("file").getAsString())
        .isEqualTo(root.resolve("s2/misfiled.pgm").toString());
    assertThat(warned.get("message").getAsString()).isEqualTo("the same picture is enrolled as s1");
  }
}
