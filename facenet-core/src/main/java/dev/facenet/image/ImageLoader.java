package dev.facenet.image;

import dev.facenet.common.DecodedPicture;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.MissingFile;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads picture files into 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}) the way a user expects:
 * any format ImageIO and the TwelveMonkeys plugins know (JPEG including CMYK, PNG, GIF, BMP,
 * PGM/PPM, WebP, TIFF), a JPEG's EXIF orientation (and a TIFF's orientation tag) applied, grey
 * pictures copied sample for sample into R = G = B (no colour management, which would change the
 * values the networks were trained on), 16-bit samples scaled to 8 bits, transparency composited
 * over black. The picture size is checked in its header before any pixel is decoded, so a file that
 * claims 30000 x 30000 pixels is refused cheaply, and a truncated file is refused instead of being
 * padded with grey. Every problem is a {@link FaceNetException} with a one-line message naming the
 * file.
 */
public final class ImageLoader {
  /** Largest picture accepted, in pixels (about 100 megapixels). */
  public static final long MAX_PIXELS = 100_000_000L;

  private ImageLoader() {}

  /**
   * Largest picture decoded in full, in pixels (24 megapixels). A larger one is decoded with every
   * k-th pixel of every k-th row (ImageIO's source subsampling, so the full-size pixels never sit
   * in memory), k the smallest that brings it under this.
   */
  public static final long MAX_DECODED_PIXELS = 24_000_000L;

  /**
   * The picture in {@code file} as 8-bit RGB, turned upright when its EXIF says so, subsampled when
   * huge.
   */
  public static BufferedImage load(Path file) {
    return read(file).image();
  }

  /**
   * The same, with the subsampling used ({@link #MAX_DECODED_PIXELS}), to map positions back to the
   * file.
   */
  public static DecodedPicture read(Path file) {
    checkFile(file);
    return decode(
        file.toString(),
        () -> ImageIO.createImageInputStream(file.toFile()),
        () -> {
          try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(512);
          }
        });
  }

  /**
   * A picture that arrived as bytes (an upload), read as {@link #read(Path)} reads a file; {@code
   * label} names it in messages.
   */
  public static DecodedPicture read(byte[] data, String label) {
    if (data.length == 0) {
      throw new FaceNetException(label + ": the picture is empty (0 bytes)");
    }
    return decode(
        label,
        () -> ImageIO.createImageInputStream(new ByteArrayInputStream(data)),
        () -> Arrays.copyOf(data, Math.min(data.length, 512)));
  }

  /** Opens a picture's bytes: once to decode them, once more for a JPEG's or TIFF's EXIF. */
  private interface Opener {
    ImageInputStream open() throws IOException;
  }

  /** A picture's first bytes, to tell text from a picture in a format nobody reads. */
  private interface Head {
    byte[] read() throws IOException;
  }

  private static DecodedPicture decode(String file, Opener source, Head head) {
    try (ImageInputStream in = source.open()) {
      if (in == null) {
        throw new FaceNetException(file + ": cannot open it");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new FaceNetException(
            file
                + ": not a picture in a known format"
                + (looksLikeText(head) ? " (it holds text)" : "")
                + "; PNG, JPEG, GIF, BMP, PGM/PPM, WebP and TIFF are read");
      }
      ImageReader reader = readers.next();
      String format = formatOf(reader);
      List<String> warnings = new ArrayList<>();
      BufferedImage decoded;
      int subsampling;
      try {
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        reader.setInput(new EndOfDataGuard(in), true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw new FaceNetException(
              file + ": the " + format + " picture has no pixels (" + w + " x " + h + ")");
        }
        if (w * h > MAX_PIXELS) {
          throw new FaceNetException(
              file
                  + ": the "
                  + format
                  + " header declares "
                  + w
                  + " x "
                  + h
                  + " pixels, over the limit of "
                  + MAX_PIXELS
                  + " pixels; refused before decoding");
        }
        subsampling = subsampling(w, h);
        ImageReadParam param = reader.getDefaultReadParam();
        if (subsampling > 1) {
          param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        decoded = reader.read(0, param);
      } finally {
        reader.dispose();
      }
      for (String warning : warnings) {
        if (isTruncation(warning)) {
          throw new FaceNetException(
              file
                  + ": the "
                  + format
                  + " picture is truncated or damaged ("
                  + oneLine(warning)
                  + ")");
        }
      }
      BufferedImage rgb = toRgb(decoded);
      if (format.equals("JPEG") || format.equals("TIFF")) {
        try (ImageInputStream exif = source.open()) {
          rgb =
              ExifOrientation.apply(
                  rgb,
                  format.equals("JPEG")
                      ? ExifOrientation.ofJpeg(exif)
                      : ExifOrientation.ofTiff(exif));
        }
      }
      return new DecodedPicture(rgb, subsampling);
    } catch (FaceNetException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new FaceNetException(
          file + ": not enough memory to decode the picture (give Java more with -Xmx)", e);
    } catch (IOException | RuntimeException e) {
      throw new FaceNetException(file + ": " + describe(e), e);
    }
  }

  /**
   * The smallest k for which a w x h picture read every k-th pixel of every k-th row fits the
   * limit.
   */
  static int subsampling(long w, long h) {
    int k = 1;
    while (((w + k - 1) / k) * ((h + k - 1) / k) > MAX_DECODED_PIXELS) {
      k++;
    }
    return k;
  }

  private static void checkFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new FaceNetException(file + ": is a folder, not a picture");
    }
    if (!Files.exists(file)) {
      throw new FaceNetException(file + ": " + MissingFile.why(file));
    }
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException(file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new FaceNetException(file + ": cannot read it (permission denied)");
    }
    try {
      if (Files.size(file) == 0) {
        throw new FaceNetException(file + ": the file is empty (0 bytes)");
      }
    } catch (IOException e) {
      throw new FaceNetException(
          file + ": cannot read it (" + oneLine(String.valueOf(e.getMessage())) + ")", e);
    }
  }

  private static String formatOf(ImageReader reader) {
    String[] names =
        reader.getOriginatingProvider() == null
            ? null
            : reader.getOriginatingProvider().getFormatNames();
    if (names == null || names.length == 0) {
      return "picture";
    }
    String name = names[0].toUpperCase(Locale.ROOT);
    return switch (name) {
      case "JPG" -> "JPEG";
      case "TIF" -> "TIFF";
      default -> name;
    };
  }

  /**
   * ImageIO's JPEG readers only warn about a cut-off file and fill the rest with grey; we refuse
   * it.
   */
  private static boolean isTruncation(String warning) {
    String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
    return w.contains("premature end")
        || w.contains("truncated")
        || w.contains("missing eoi")
        || w.contains("end of file");
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    if (root instanceof EOFException
        || (root != e
            && String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT).contains("eof"))) {
      return "the picture is truncated (" + message + ")";
    }
    if (root != e && root.getMessage() != null) {
      message += ": " + oneLine(root.getMessage());
    }
    return "cannot decode the picture: the file is damaged, truncated or not what its name says ("
        + message
        + ")";
  }

  private static boolean looksLikeText(Head first) {
    byte[] head;
    try {
      head = first.read();
    } catch (IOException e) {
      return false;
    }
    for (byte b : head) {
      int c = b & 0xff;
      if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) {
        return false;
      }
    }
    return head.length > 0;
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ').trim();
  }

  /**
   * Any picture as 8-bit RGB. Grey samples are copied as they are into R, G and B (scaled when they
   * are not 8 bits); palette colours are taken as stored; samples of other bit depths are scaled
   * with rounding; transparency is composited over black. Colour spaces other than sRGB and grey
   * (CMYK, other ICC profiles) are converted to sRGB by Java2D.
   */
  public static BufferedImage toRgb(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    ColorModel cm = src.getColorModel();
    Raster raster = src.getRaster();
    WritableRaster pixels = out.getRaster(); // packed 0xRRGGBB ints: one data element per pixel
    int[] rgb = new int[w];
    if (cm instanceof IndexColorModel palette) {
      int[] index = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, index);
        for (int x = 0; x < w; x++) {
          rgb[x] = overBlack(palette.getRGB(index[x]));
        }
        pixels.setDataElements(0, y, w, 1, rgb);
      }
      return out;
    }
    if (copiesDirectly(cm, raster)) {
      int bands = raster.getNumBands();
      int colours = cm.getNumColorComponents();
      boolean alpha = cm.hasAlpha();
      boolean premultiplied = cm.isAlphaPremultiplied();
      double[] max = new double[bands];
      for (int b = 0; b < bands; b++) {
        max[b] = (1L << cm.getComponentSize(b)) - 1;
      }
      boolean plain8 = !alpha;
      for (int b = 0; b < bands; b++) {
        plain8 &= cm.getComponentSize(b) == 8;
      }
      if (plain8 && copyBytes(raster, colours, out)) {
        return out;
      }
      int[] px = new int[w * bands];
      int[] c = new int[3];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, px);
        for (int x = 0; x < w; x++) {
          int o = x * bands;
          if (plain8) {
            for (int k = 0; k < 3; k++) {
              c[k] = px[o + (colours == 1 ? 0 : k)];
            }
          } else {
            double a = alpha && !premultiplied ? px[o + colours] / max[colours] : 1.0;
            for (int k = 0; k < 3; k++) {
              int band = colours == 1 ? 0 : k;
              c[k] = (int) Math.round(255.0 * a * px[o + band] / max[band]);
            }
          }
          rgb[x] = (c[0] << 16) | (c[1] << 8) | c[2];
        }
        pixels.setDataElements(0, y, w, 1, rgb);
      }
      return out;
    }
    // CMYK left unconverted by its plugin, other ICC profiles, float samples: Java2D converts, over
    // black.
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * The common case (8-bit grey or RGB bytes, as the JPEG, PNG and PNM readers give them) read
   * straight from the byte array: about ten times faster than going through the raster per pixel.
   * False when the layout is not that simple.
   */
  private static boolean copyBytes(Raster raster, int colours, BufferedImage out) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || buffer.getNumBanks() != 1
        || Arrays.stream(sm.getBankIndices()).anyMatch(b -> b != 0)) {
      return false;
    }
    byte[] data = buffer.getData();
    int[] band = sm.getBandOffsets();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int base =
        buffer.getOffset()
            - raster.getSampleModelTranslateY() * scanline
            - raster.getSampleModelTranslateX() * pixelStride;
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] dst =
        ((DataBufferInt) out.getRaster().getDataBuffer())
            .getData(); // a new image: offset 0, w ints a row
    for (int y = 0; y < h; y++) {
      int row = base + y * scanline;
      int o = y * w;
      if (colours == 1) {
        for (int x = 0; x < w; x++) {
          int g = data[row + x * pixelStride + band[0]] & 0xFF;
          dst[o + x] = g << 16 | g << 8 | g;
        }
      } else {
        for (int x = 0; x < w; x++) {
          int i = row + x * pixelStride;
          dst[o + x] =
              (data[i + band[0]] & 0xFF) << 16
                  | (data[i + band[1]] & 0xFF) << 8
                  | (data[i + band[2]] & 0xFF);
        }
      }
    }
    return true;
  }

  /**
   * Grey or sRGB samples in integer bands we can scale ourselves, without any colour conversion.
   */
  private static boolean copiesDirectly(ColorModel cm, Raster raster) {
    ColorSpace cs = cm.getColorSpace();
    boolean greyOrSrgb =
        cs.getType() == ColorSpace.TYPE_GRAY ? cm.getNumColorComponents() == 1 : cs.isCS_sRGB();
    if (!greyOrSrgb || raster.getNumBands() != cm.getNumComponents()) {
      return false;
    }
    if (cm instanceof DirectColorModel) {
      return true;
    }
    int type = raster.getDataBuffer().getDataType();
    return cm instanceof ComponentColorModel
        && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT);
  }

  private static int overBlack(int argb) {
    int a = argb >>> 24;
    if (a == 255) {
      return argb & 0xffffff;
    }
    int r = Math.round(((argb >> 16) & 0xff) * a / 255f);
    int g = Math.round(((argb >> 8) & 0xff) * a / 255f);
    int b = Math.round((argb & 0xff) * a / 255f);
    return (r << 16) | (g << 8) | b;
  }
}
