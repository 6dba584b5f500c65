package dev.facenet.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The pictures that push memory hardest, made on the spot so that no large file lives in the
 * repository: a 12-megapixel photo-like picture without a face (every fallback search runs on it),
 * the same size with faces (a demo photo enlarged), and a 10000 x 10000 picture of one colour (a
 * small PNG that decodes to 100 megapixels). Deterministic: the same seed gives the same files.
 */
public final class MemoryPictures {
  private MemoryPictures() {}

  /**
   * 4000 x 3000 = 12 MP of smooth colour fields, edges and grain, like a landscape or a wall: no
   * face.
   */
  public static Path noFace12Mp(Path dir) {
    return write(landscape(4000, 3000, 7), dir.resolve("no-face-12mp.jpg"), "jpg");
  }

  /** A photo with faces enlarged to about 12 MP (4243 x 2828 for a 3:2 photo). */
  public static Path faces12Mp(Path photo, Path dir) {
    BufferedImage src = read(photo);
    double scale = Math.sqrt(12_000_000.0 / ((double) src.getWidth() * src.getHeight()));
    int w = (int) Math.round(src.getWidth() * scale);
    int h = (int) Math.round(src.getHeight() * scale);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return write(out, dir.resolve("faces-12mp.jpg"), "jpg");
  }

  /** 10000 x 10000 pixels of one colour as a grey PNG: a file of a few hundred kilobytes. */
  public static Path oneColour100Mp(Path dir) {
    BufferedImage grey =
        new BufferedImage(10_000, 10_000, BufferedImage.TYPE_BYTE_GRAY); // all black
    return write(grey, dir.resolve("black-10000x10000.png"), "png");
  }

  /**
   * A picture without a face: random colour fields blended smoothly, a few hard edges and pixel
   * grain.
   */
  public static BufferedImage landscape(int w, int h, long seed) {
    Random random = new Random(seed);
    int fields = 24;
    double[][] centre = new double[fields][2];
    int[][] colour = new int[fields][3];
    for (int i = 0; i < fields; i++) {
      centre[i][0] = random.nextDouble() * w;
      centre[i][1] = random.nextDouble() * h;
      for (int c = 0; c < 3; c++) {
        colour[i][c] = 30 + random.nextInt(200);
      }
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    double spread = 0.02 * (double) w * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double sum = 0;
        double[] rgb = new double[3];
        for (int i = 0; i < fields; i++) {
          double dx = x - centre[i][0];
          double dy = y - centre[i][1];
          double weight = Math.exp(-(dx * dx + dy * dy) / spread);
          sum += weight;
          for (int c = 0; c < 3; c++) {
            rgb[c] += weight * colour[i][c];
          }
        }
        boolean band =
            ((x / 173 + y / 251) & 3) == 0; // hard edges, like window frames or a horizon
        int packed = 0;
        for (int c = 0; c < 3; c++) {
          double v = rgb[c] / Math.max(sum, 1e-9) + (band ? -25 : 0) + random.nextGaussian() * 6;
          packed = packed << 8 | (int) Math.max(0, Math.min(255, v));
        }
        row[x] = packed;
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }

  private static BufferedImage read(Path photo) {
    try {
      BufferedImage image = ImageIO.read(photo.toFile());
      if (image == null) {
        throw new IllegalArgumentException(photo + ": not a picture");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(BufferedImage image, Path file, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
