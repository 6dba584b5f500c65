package dev.facenet.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

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

  /**
   * Writes a plain grey 92 x 112 PNG (ORL's size, no face in it) to {@code file}; returns the file.
   */
  static Path greyCard(Path file) throws IOException {
    BufferedImage card = new BufferedImage(92, 112, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = card.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, 92, 112);
    g.dispose();
    ImageIO.write(card, "png", file.toFile());
    return file;
  }
}
