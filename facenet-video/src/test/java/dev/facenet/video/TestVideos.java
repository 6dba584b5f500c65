package dev.facenet.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Videos made from the fixtures' real faces for the tests: a grey 640 x 480 scene in which Yale
 * pictures are shown for stretches of time, in a known order, with stretches of no one between.
 */
final class TestVideos {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  private TestVideos() {}

  static Path yale(String subject, String kind) {
    return Path.of(
        System.getProperty("facenet.shared"), "fixtures", "yale", subject, kind + ".gif");
  }

  /** A stretch of the video: who is shown (null: no one), for how long, moving how fast. */
  record Scene(Path picture, double seconds, int dxPerFrame) {
    static Scene empty(double seconds) {
      return new Scene(null, seconds, 0);
    }

    static Scene of(Path picture, double seconds) {
      return new Scene(picture, seconds, 0);
    }
  }

  /** Writes the scenes one after another at {@code fps} frames per second. */
  static Path write(Path file, double fps, List<Scene> scenes) {
    try (VideoWriter w = VideoWriter.create(file, WIDTH, HEIGHT, fps)) {
      for (BufferedImage frame : frames(fps, scenes)) {
        w.write(frame);
      }
    }
    return file;
  }

  static List<BufferedImage> frames(double fps, List<Scene> scenes) {
    List<BufferedImage> out = new ArrayList<>();
    for (Scene s : scenes) {
      BufferedImage face = s.picture() == null ? null : read(s.picture());
      int n = (int) Math.round(s.seconds() * fps);
      for (int i = 0; i < n; i++) {
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        if (face != null) {
          int x = 60 + i * s.dxPerFrame();
          g.drawImage(face, x, (HEIGHT - face.getHeight()) / 2, null);
        }
        g.dispose();
        out.add(frame);
      }
    }
    return out;
  }

  private static BufferedImage read(Path p) {
    try {
      return ImageIO.read(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
