package dev.facenet;

import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files of a folder bulk work reads as pictures: by their name's ending (the formats the
 * picture reader knows), so that notes, thumbnails databases and hidden files next to the pictures
 * are left alone. Stateless, thread-safe.
 */
final class PictureFiles {
  /** File name endings read as pictures. */
  static final Set<String> ENDINGS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "pgm", "ppm", "tif", "tiff", "webp");

  private PictureFiles() {}

  static boolean isPicture(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && ENDINGS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  static boolean hidden(Path file) {
    return file.getFileName().toString().startsWith(".");
  }

  /** Every non-hidden regular file under the folder, recursively, sorted by path. */
  static List<Path> filesUnder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new FaceNetException(
          folder + (Files.exists(folder) ? ": not a folder" : ": no such folder"));
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> !hiddenBelow(folder, f))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new FaceNetException(folder + ": cannot list it (" + e.getMessage() + ")", e);
    }
  }

  /** The pictures under the folder, recursively, sorted by path. */
  static List<Path> picturesUnder(Path folder) {
    return filesUnder(folder).stream().filter(PictureFiles::isPicture).toList();
  }

  /** Is the file, or a folder between it and the root, hidden? */
  private static boolean hiddenBelow(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
