package dev.facenet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared face fixtures are, and small data sets copied from them for a test. */
final class Fixtures {
  private Fixtures() {}

  static Path shared() {
    return Path.of(System.getProperty("facenet.shared", "../../shared"));
  }

  static Path orl() {
    return shared().resolve("fixtures/orl");
  }

  static Path yale() {
    return shared().resolve("fixtures/yale");
  }

  /** Copies ORL people {@code first..last} (pictures 1..{@code pictures}) into {@code dir}. */
  static Path orlSubset(Path dir, int first, int last, int pictures) throws IOException {
    for (int s = first; s <= last; s++) {
      Path to = Files.createDirectories(dir.resolve("s" + s));
      for (int i = 1; i <= pictures; i++) {
        Files.copy(orl().resolve("s" + s).resolve(i + ".pgm"), to.resolve(i + ".pgm"));
      }
    }
    return dir;
  }
}
