package dev.facenet.embed;

import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real face pictures from ../shared/fixtures for the encoder tests. */
final class SeedPictures {
  private SeedPictures() {}

  static Path shared() {
    String dir = System.getProperty("facenet.shared");
    if (dir == null) {
      throw new IllegalStateException(
          "system property facenet.shared is not set (surefire sets it)");
    }
    return Path.of(dir);
  }

  /** The seed's 96 x 96 crops and a few ORL pictures (92 x 112, grey), in a fixed order. */
  static List<BufferedImage> some() {
    List<BufferedImage> out = new ArrayList<>();
    Path seed = shared().resolve("fixtures/seed-images");
    for (String name :
        List.of("andrew.jpg", "kian.jpg", "shivi_test.jpg", "younes.jpg", "camera_0.jpg")) {
      out.add(ImageLoader.load(seed.resolve(name)));
    }
    out.add(ImageLoader.load(shared().resolve("fixtures/orl/s1/1.pgm")));
    out.add(ImageLoader.load(shared().resolve("fixtures/orl/s2/1.pgm")));
    return out;
  }
}
