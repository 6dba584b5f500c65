package dev.facenet.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The picture files of one person in a folder-per-person data set, in natural order of their names.
 */
public record PersonPictures(String name, List<Path> files) {
  public PersonPictures {
    files = List.copyOf(files);
  }
}
