package dev.facenet;

import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

  /**
   * Every non-hidden regular file under the folder, recursively, sorted by path. Symbolic links are
   * followed (a dataset put together from links to where the pictures are is a dataset), a link
   * back to a folder above is passed over.
   */
  static List<Path> filesUnder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new FaceNetException(
          folder + (Files.exists(folder) ? ": not a folder" : ": no such folder"));
    }
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          folder,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(folder) && hidden(dir)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && !hidden(file)) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof FileSystemLoopException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new FaceNetException(folder + ": cannot list it (" + e.getMessage() + ")", e);
    }
    files.sort(null);
    return files;
  }

  /** The pictures under the folder, recursively, sorted by path. */
  static List<Path> picturesUnder(Path folder) {
    return filesUnder(folder).stream().filter(PictureFiles::isPicture).toList();
  }
}
