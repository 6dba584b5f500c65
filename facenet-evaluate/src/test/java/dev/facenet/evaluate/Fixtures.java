package dev.facenet.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared fixtures are: the folder given by the system property {@code facenet.shared}.
 */
final class Fixtures {
  private Fixtures() {}

  static Path shared() {
    String p = System.getProperty("facenet.shared");
    if (p == null) {
      throw new IllegalStateException(
          "system property facenet.shared is not set (surefire sets it)");
    }
    Path dir = Path.of(p).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("fixtures"))) {
      throw new IllegalStateException(dir + "/fixtures is missing");
    }
    return dir;
  }

  static Path orl() {
    return shared().resolve("fixtures/orl");
  }

  static Path yale() {
    return shared().resolve("fixtures/yale");
  }

  static Path seedImages() {
    return shared().resolve("fixtures/seed-images");
  }
}
