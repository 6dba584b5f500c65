package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files bulk work takes from a folder: pictures by their names, hidden ones left alone, and
 * folders reached through symbolic links taken like the others, with no way to walk in circles.
 */
class PictureFilesTest {
  @TempDir Path dir;

  @Test
  void aDatasetMadeOfLinksIsADatasetAndALoopIsPassedOver() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/ann"));
    Files.writeString(elsewhere.resolve("1.jpg"), "x");
    Files.writeString(elsewhere.resolve(".2.jpg"), "hidden");
    Files.writeString(elsewhere.resolve("notes.txt"), "not a picture");
    Files.createDirectories(elsewhere.resolve(".thumbs"));
    Files.writeString(elsewhere.resolve(".thumbs/3.jpg"), "in a hidden folder");
    Files.createSymbolicLink(elsewhere.resolve("up"), elsewhere); // a loop
    Path dataset = Files.createDirectories(dir.resolve("dataset"));
    Files.createSymbolicLink(dataset.resolve("ann"), elsewhere);
    Path bob = Files.createDirectories(dataset.resolve("bob"));
    Files.writeString(bob.resolve("1.png"), "x");
    Files.createSymbolicLink(bob.resolve("2.png"), elsewhere.resolve("1.jpg"));
    Files.createSymbolicLink(bob.resolve("gone.png"), dir.resolve("nothing-there.png"));

    DatasetFolder d = DatasetFolder.scan(dataset);
    assertThat(d.pictures())
        .extracting(p -> p.name() + " " + dataset.relativize(p.image()))
        .containsExactly("ann ann/1.jpg", "bob bob/1.png", "bob bob/2.png");
    assertThat(d.skipped())
        .extracting(s -> dataset.relativize(s.file()).toString())
        .containsExactly("ann/notes.txt");
  }
}
