package dev.facenet.image;

import dev.facenet.FaceNetException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads picture files into 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}) the way a user expects: any format
 * ImageIO and the TwelveMonkeys plugins know, grey pictures copied sample for sample into R = G = B (no colour
 * management, which would change the values the networks were trained on), and the picture size checked in
 * its header before any pixel is decoded, so a file that claims 30000 x 30000 pixels is refused cheaply.
 * Every problem is a {@link FaceNetException} with a one-line message naming the file.
 */
public final class ImageLoader {
  /** Largest picture accepted, in pixels (about 100 megapixels). */
  public static final long MAX_PIXELS = 100_000_000L;

  private ImageLoader() {}

  public static BufferedImage load(Path file) {
    if (!Files.exists(file)) {
      throw new FaceNetException(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException(file + ": not a file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new FaceNetException(file + ": cannot open it");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new FaceNetException(file + ": not a picture in a known format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw new FaceNetException(file + ": the picture has no pixels (" + w + " x " + h + ")");
        }
        if (w * h > MAX_PIXELS) {
          throw new FaceNetException(file + ": " + w + " x " + h + " pixels is over the limit of " + MAX_PIXELS + " pixels");
        }
        return toRgb(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (FaceNetException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
      throw new FaceNetException(file + ": cannot decode the picture (" + why + ")", e);
    }
  }

  /** Any picture as 8-bit RGB; grey samples copied as they are into R, G and B. */
  public static BufferedImage toRgb(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    boolean grey = src.getColorModel().getColorSpace().getNumComponents() == 1 && src.getColorModel().getNumComponents() <= 2;
    if (grey) {
      Raster r = src.getRaster();
      int bits = src.getColorModel().getComponentSize(0);
      int[] row = new int[w];
      int[] rgb = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int g = bits > 8 ? row[x] >> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
          rgb[x] = (g << 16) | (g << 8) | g;
        }
        out.setRGB(0, y, w, 1, rgb, 0, w);
      }
      return out;
    }
    // Colour (including palette, CMYK converted by its plugin, 16-bit, alpha): composite over black.
    java.awt.Graphics2D g = out.createGraphics();
    try {
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
