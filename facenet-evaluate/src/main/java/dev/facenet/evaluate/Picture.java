package dev.facenet.evaluate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One picture of a folder-per-person dataset: the person (the folder's name), the file's name
 * inside that folder, and where it is on disk. Pairs files name pictures by person and file, so
 * both travel together.
 */
public record Picture(String person, String file, Path path) {
  public Picture {
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
  }

  /** The picture {@code root/person/file}. */
  public static Picture in(Path root, String person, String file) {
    return new Picture(person, file, root.resolve(person).resolve(file));
  }
}
