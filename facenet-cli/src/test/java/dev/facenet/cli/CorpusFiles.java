package dev.facenet.cli;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The bytes of {@link BadInputCorpus}'s pictures: encoded with the ImageIO writers on the class
 * path (the JDK's PNG, JPEG, GIF, BMP and TIFF writers) where one exists, and built by hand where
 * none does or where the point is a header that lies (WebP, PGM, decompression bombs, EXIF). Kept
 * apart from the corpus so that the corpus reads as a list of cases.
 */
final class CorpusFiles {
  private CorpusFiles() {}

  // ---- whole pictures through ImageIO ----

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format + " of this image");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A baseline or progressive JPEG of quality 0.95. */
  static byte[] jpeg(BufferedImage image, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        if (progressive) {
          param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        writer.write(null, new IIOImage(image, null, null), param);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * A CMYK JPEG (Adobe APP14, no JFIF): the JDK's writer takes a four-band raster as it is. The
   * picture's ink is computed naively from RGB (K = 1 - max, no profile).
   */
  static byte[] cmykJpeg(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = rgb.getRGB(x, y);
        double r = ((p >> 16) & 255) / 255.0;
        double g = ((p >> 8) & 255) / 255.0;
        double b = (p & 255) / 255.0;
        double k = 1 - Math.max(r, Math.max(g, b));
        double d = k >= 1 ? 1 : 1 - k;
        // Adobe CMYK JPEGs store inverted ink, as Photoshop writes them
        cmyk.setSample(x, y, 0, 255 - (int) Math.round(255 * (1 - r - k) / d));
        cmyk.setSample(x, y, 1, 255 - (int) Math.round(255 * (1 - g - k) / d));
        cmyk.setSample(x, y, 2, 255 - (int) Math.round(255 * (1 - b - k) / d));
        cmyk.setSample(x, y, 3, 255 - (int) Math.round(255 * k));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** A GIF of several frames (the first one is what a reader shows). */
  static byte[] animatedGif(BufferedImage... frames) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    ImageWriter writer = writers.next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.prepareWriteSequence(null);
        for (BufferedImage f : frames) {
          writer.writeToSequence(new IIOImage(f, null, null), null);
        }
        writer.endWriteSequence();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  // ---- pixel variants ----

  static BufferedImage copy(BufferedImage src, int type) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** The picture with 16 bits per sample: RGB, or grey when {@code grey}. */
  static BufferedImage sixteenBit(BufferedImage rgb, boolean grey) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    ColorSpace cs = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    int bands = grey ? 1 : 3;
    ComponentColorModel cm =
        new ComponentColorModel(
            cs, false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, bands, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = rgb.getRGB(x, y);
        int[] c = {(p >> 16) & 255, (p >> 8) & 255, p & 255};
        if (grey) {
          r.setSample(x, y, 0, ((c[0] * 299 + c[1] * 587 + c[2] * 114) / 1000) * 257);
        } else {
          for (int b = 0; b < 3; b++) {
            r.setSample(x, y, b, c[b] * 257);
          }
        }
      }
    }
    return new BufferedImage(cm, r, false, null);
  }

  /** Grey with an alpha band, left half opaque, right half 3/4 opaque. */
  static BufferedImage greyAlpha(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            java.awt.Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = rgb.getRGB(x, y);
        int grey = (((p >> 16) & 255) * 299 + ((p >> 8) & 255) * 587 + (p & 255) * 114) / 1000;
        r.setSample(x, y, 0, grey);
        r.setSample(x, y, 1, x < w / 2 ? 255 : 192);
      }
    }
    return new BufferedImage(cm, r, false, null);
  }

  /** {@code src} placed in the middle of a canvas of one grey. */
  static BufferedImage padded(BufferedImage src, int w, int h) {
    BufferedImage out = blank(w, h, 0x808080);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, (w - src.getWidth()) / 2, (h - src.getHeight()) / 2, null);
    g.dispose();
    return out;
  }

  static BufferedImage blank(int w, int h, int rgb) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(new java.awt.Color(rgb));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return out;
  }

  /**
   * What a camera stores for EXIF orientation {@code o} when the scene is {@code upright}: the
   * inverse of the transform a viewer applies, so that a reader honouring the tag shows {@code
   * upright} again.
   */
  static BufferedImage storedFor(BufferedImage upright, int o) {
    int w = upright.getWidth();
    int h = upright.getHeight();
    boolean swap = o >= 5;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] at =
            switch (o) {
              case 1 -> new int[] {x, y};
              case 2 -> new int[] {w - 1 - x, y}; // viewer mirrors left-right
              case 3 -> new int[] {w - 1 - x, h - 1 - y}; // viewer turns 180
              case 4 -> new int[] {x, h - 1 - y}; // viewer mirrors top-bottom
              case 5 -> new int[] {y, x}; // viewer transposes
              case 6 -> new int[] {y, w - 1 - x}; // viewer turns 90 clockwise
              case 7 -> new int[] {h - 1 - y, w - 1 - x}; // viewer transverses
              case 8 -> new int[] {h - 1 - y, x}; // viewer turns 90 anticlockwise
              default -> throw new IllegalArgumentException("orientation " + o);
            };
        out.setRGB(at[0], at[1], upright.getRGB(x, y));
      }
    }
    return out;
  }

  /**
   * A JPEG with an EXIF APP1 segment holding one tag, Orientation = {@code orientation} (any
   * number: 0 and 9 are out of range), inserted right after the JFIF APP0 segment.
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // header, first IFD at 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
    tiff.putShort((short) orientation).putShort((short) 0); // value, padding
    tiff.putInt(0); // no next IFD
    byte[] exif =
        concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), tiff.array());
    return insertSegment(jpeg, 0xE1, exif);
  }

  /** An EXIF APP1 segment that says it is EXIF and then stops: a damaged camera file. */
  static byte[] withBrokenExif(byte[] jpeg) {
    byte[] exif =
        concat(
            "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            new byte[] {'M', 'M', 0, 42, 0x7f, 0x7f, 0x7f, 0x7f});
    return insertSegment(jpeg, 0xE1, exif);
  }

  /** Inserts a marker segment after SOI and the APP0 that follows it (if any). */
  private static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
    int at = 2;
    if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xE0) {
      at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
    }
    int length = payload.length + 2;
    byte[] segment = new byte[payload.length + 4];
    segment[0] = (byte) 0xff;
    segment[1] = (byte) marker;
    segment[2] = (byte) (length >> 8);
    segment[3] = (byte) length;
    System.arraycopy(payload, 0, segment, 4, payload.length);
    return concat(Arrays.copyOf(jpeg, at), segment, Arrays.copyOfRange(jpeg, at, jpeg.length));
  }

  /** The JPEG with the width and height of its frame header (SOF0 or SOF2) replaced. */
  static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    int i = 2;
    while (i + 4 < out.length) {
      int marker = out[i + 1] & 0xff;
      int length = ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
      if (marker == 0xC0 || marker == 0xC2) {
        out[i + 5] = (byte) (height >> 8);
        out[i + 6] = (byte) height;
        out[i + 7] = (byte) (width >> 8);
        out[i + 8] = (byte) width;
        return out;
      }
      i += 2 + length;
    }
    throw new IllegalStateException("no SOF0/SOF2 frame header found");
  }

  /** The JPEG with its frame header's sample precision set to {@code bits} (8 is the only one). */
  static byte[] withJpegPrecision(byte[] jpeg, int bits) {
    byte[] out = jpeg.clone();
    int i = 2;
    while (i + 4 < out.length) {
      int marker = out[i + 1] & 0xff;
      int length = ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
      if (marker == 0xC0 || marker == 0xC2) {
        out[i + 4] = (byte) bits;
        return out;
      }
      i += 2 + length;
    }
    throw new IllegalStateException("no SOF0/SOF2 frame header found");
  }

  // ---- hand-built headers and bombs ----

  /**
   * A PNG of {@code width} x {@code height} of one grey (8 or 16 bits), its IDAT the deflated rows
   * of zeros: a few hundred kilobytes that inflate to width x height x depth/8 bytes. {@code
   * pixelRows} limits how many rows of data are written (0: none, a header that lies).
   */
  static byte[] greyPng(int width, int height, int depth, long pixelRows) {
    try {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeInt(width);
      h.writeInt(height);
      h.write(new byte[] {(byte) depth, 0, 0, 0, 0}); // grey, deflate, filter 0, no interlace
      chunk(file, "IHDR", ihdr.toByteArray());
      if (pixelRows > 0) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (OutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
          byte[] row = new byte[1 + width * (depth / 8)]; // filter byte 0, then zeros
          for (long y = 0; y < pixelRows; y++) {
            z.write(row);
          }
        } finally {
          deflater.end();
        }
        chunk(file, "IDAT", idat.toByteArray());
      }
      chunk(file, "IEND", new byte[0]);
      return file.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(ByteArrayOutputStream file, String type, byte[] data)
      throws IOException {
    DataOutputStream out = new DataOutputStream(file);
    out.writeInt(data.length);
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  /**
   * A little-endian grey TIFF of {@code width} x {@code height} (8 or 16 bits) in one strip of
   * deflated zeros (compression 8, Adobe Deflate): a bomb when large. With {@code rows} 0 the strip
   * is missing altogether (its offset points past the end of the file).
   */
  static byte[] greyTiff(int width, int height, int depth, long rows) {
    try {
      byte[] strip = new byte[0];
      if (rows > 0) {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (OutputStream out = new DeflaterOutputStream(z, deflater, 1 << 16)) {
          byte[] row = new byte[width * (depth / 8)];
          for (long y = 0; y < rows; y++) {
            out.write(row);
          }
        } finally {
          deflater.end();
        }
        strip = z.toByteArray();
      }
      int entries = 10;
      int ifd = 8;
      int ifdSize = 2 + entries * 12 + 4;
      int stripAt = ifd + ifdSize;
      ByteBuffer b = ByteBuffer.allocate(stripAt + strip.length).order(ByteOrder.LITTLE_ENDIAN);
      b.put(new byte[] {'I', 'I', 42, 0}).putInt(ifd);
      b.putShort((short) entries);
      entry(b, 256, 4, width); // ImageWidth, LONG
      entry(b, 257, 4, height); // ImageLength
      entry(b, 258, 3, depth); // BitsPerSample
      entry(b, 259, 3, 8); // Compression: Adobe Deflate
      entry(b, 262, 3, 1); // Photometric: BlackIsZero
      entry(b, 273, 4, rows > 0 ? stripAt : stripAt + 1_000_000); // StripOffsets
      entry(b, 277, 3, 1); // SamplesPerPixel
      entry(b, 278, 4, height); // RowsPerStrip
      entry(b, 279, 4, rows > 0 ? strip.length : 1_000_000); // StripByteCounts
      entry(b, 284, 3, 1); // PlanarConfiguration: chunky
      b.putInt(0);
      b.put(strip);
      return b.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void entry(ByteBuffer b, int tag, int type, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(1);
    if (type == 3) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt(value);
    }
  }

  /** A GIF87a header whose screen and image both declare {@code width} x {@code height}. */
  static byte[] hugeGif(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GIF87a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.putShort((short) width).putShort((short) height).put((byte) 0x80).put((byte) 0).put((byte) 0);
    b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // 2-colour table
    b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
    b.putShort((short) width).putShort((short) height).put((byte) 0);
    b.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0); // tiny LZW data
    b.put((byte) 0x3B);
    return Arrays.copyOf(b.array(), b.position());
  }

  /**
   * A BMP (BITMAPINFOHEADER, 24 bits) that declares {@code width} x {@code height} and holds no
   * pixels.
   */
  static byte[] hugeBmp(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'B', 'M'}).putInt(54).putInt(0).putInt(54);
    b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
    b.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
    return b.array();
  }

  /** A BMP whose header claims {@code bits} bits per pixel. */
  static byte[] withBmpBits(byte[] bmp, int bits) {
    byte[] out = bmp.clone();
    out[28] = (byte) bits;
    out[29] = (byte) (bits >> 8);
    return out;
  }

  /** A binary PGM (P5) of the picture's grey. */
  static byte[] pgm(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    byte[] head =
        ("P5\n" + w + " " + h + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] pixels = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = rgb.getRGB(x, y);
        pixels[y * w + x] =
            (byte) ((((p >> 16) & 255) * 299 + ((p >> 8) & 255) * 587 + (p & 255) * 114) / 1000);
      }
    }
    return concat(head, pixels);
  }

  /** A RIFF WebP container around {@code chunk} (a VP8 / VP8L chunk of the given bytes). */
  static byte[] webp(String fourCc, byte[] payload) {
    ByteBuffer b =
        ByteBuffer.allocate(20 + payload.length + (payload.length & 1))
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(12 + payload.length + (payload.length & 1));
    b.put("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.put(fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(payload.length);
    b.put(payload);
    return b.array();
  }

  /** Deterministic noise. */
  static byte[] noise(int n, long seed) {
    byte[] out = new byte[n];
    new java.util.Random(seed).nextBytes(out);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static byte[] head(byte[] bytes, int n) {
    return Arrays.copyOf(bytes, Math.min(n, bytes.length));
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
