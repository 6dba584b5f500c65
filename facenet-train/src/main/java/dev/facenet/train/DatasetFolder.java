package dev.facenet.train;

import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.Picture;
import java.nio.file.Path;
import java.util.List;

/**
 * The people of a training data set laid out as LFW, ORL and Yale are (one sub-folder per person),
 * as {@link PersonPictures}. The folder is read by {@link Dataset#scan}, the same reader evaluation
 * uses, so training and evaluation see the same people and pictures in the same (natural) order.
 * Decoding, and counting what cannot be decoded, is {@link ChipSet}'s job.
 */
public final class DatasetFolder {
  private DatasetFolder() {}

  /**
   * The people of {@code dir} with their picture files; a clear error for a missing or empty
   * folder.
   */
  public static List<PersonPictures> scan(Path dir) {
    return Dataset.scan(dir).people().stream()
        .map(p -> new PersonPictures(p.name(), p.pictures().stream().map(Picture::path).toList()))
        .toList();
  }
}
