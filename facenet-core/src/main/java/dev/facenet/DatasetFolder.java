package dev.facenet;

import dev.facenet.common.FaceNetException;
import dev.facenet.common.Person;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder-per-person dataset as bulk enrolment ({@link FaceNet#enrollDataset}) reads it: each
 * sub-folder's name is a person's name, and the pictures under it (recursively, sorted by path) are
 * theirs. Listing reads no picture, so the amount of work is known before it starts; files that are
 * not pictures (by their name's ending) or not in a person's folder are listed as skipped, so that
 * nobody wonders where a picture went.
 *
 * @param pictures every picture to encode, person by person
 * @param skipped files left out, with the reason
 */
public record DatasetFolder(Path root, List<Picture> pictures, List<Skipped> skipped) {
  public DatasetFolder {
    pictures = List.copyOf(pictures);
    skipped = List.copyOf(skipped);
  }

  /** One picture of a person (the name as stored: Unicode NFC). */
  public record Picture(String name, Path image) {}

  /** A file left out of the enrolment, and why. */
  public record Skipped(Path file, String reason) {}

  /**
   * Lists the dataset; a folder name that cannot be a person's name is refused here, before any
   * picture is read.
   */
  public static DatasetFolder scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new FaceNetException(
          root
              + (Files.exists(root)
                  ? ": not a folder (a dataset is a folder with one sub-folder per person)"
                  : ": no such dataset folder"));
    }
    List<Picture> pictures = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<Path> children;
    try (Stream<Path> list = Files.list(root)) {
      children = list.filter(p -> !PictureFiles.hidden(p)).sorted().toList();
    } catch (IOException e) {
      throw new FaceNetException(root + ": cannot list it (" + e.getMessage() + ")", e);
    }
    for (Path child : children) {
      if (!Files.isDirectory(child)) {
        skipped.add(new Skipped(child, "not in a person's folder"));
        continue;
      }
      String name;
      try {
        name = Person.checkName(child.getFileName().toString());
      } catch (FaceNetException e) {
        throw new FaceNetException(child + ": the folder's name is not a name: " + e.getMessage());
      }
      for (Path f : PictureFiles.filesUnder(child)) {
        if (PictureFiles.isPicture(f)) {
          pictures.add(new Picture(name, f));
        } else {
          skipped.add(new Skipped(f, "not a picture file (by its name)"));
        }
      }
    }
    return new DatasetFolder(root, pictures, skipped);
  }
}
