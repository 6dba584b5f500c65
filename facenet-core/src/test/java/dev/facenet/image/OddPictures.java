package dev.facenet.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes the pictures users send us and encoders rarely write: EXIF-rotated JPEGs, CMYK JPEGs, PNG
 * headers that lie about their size, lossless WebP, PGM/PPM. Each writer here follows the format's
 * specification directly, so the tests do not depend on the code they check.
 */
final class OddPictures {
  private OddPictures() {}

  /** Writes with the first ImageIO writer of the format; fails when there is none. */
  static Path write(BufferedImage img, String format, Path file) throws IOException {
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no " + format + " writer for image type " + img.getType());
    }
    return file;
  }

  /** Writes a JPEG at the given quality (0..1). */
  static byte[] jpeg(BufferedImage img) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(img);
    } finally {
      w.dispose();
    }
    return bytes.toByteArray();
  }

  /** An APP1 "Exif" segment holding one IFD with only the orientation tag, in either byte order. */
  static byte[] exifApp1(int orientation, boolean bigEndian) {
    ByteBuffer tiff =
        ByteBuffer.allocate(8 + 2 + 12 + 4)
            .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
    tiff.putShort((short) 42).putInt(8); // header, IFD0 at offset 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0); // no next IFD
    byte[] body = tiff.array();
    int length = 2 + 6 + body.length;
    ByteArrayOutputStream seg = new ByteArrayOutputStream();
    seg.write(0xFF);
    seg.write(0xE1);
    seg.write(length >> 8);
    seg.write(length & 0xFF);
    seg.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    seg.writeBytes(body);
    return seg.toByteArray();
  }

  /** The JPEG with {@code segment} inserted right after its start-of-image marker. */
  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      throw new IllegalArgumentException("not a JPEG");
    }
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  /** An Adobe APP14 segment; transform 0 says the four components are (inverted) CMYK. */
  static byte[] adobeApp14(int transform) {
    return new byte[] {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform
    };
  }

  /** A PNG that is only a signature, an IHDR claiming {@code w x h} RGB pixels and an IEND. */
  static byte[] pngHeaderOnly(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(w)
            .putInt(h)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    pngChunk(out, "IHDR", ihdr.array());
    pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** Binary PGM (P5) of grey samples; maxval over 255 writes two bytes per sample, big-endian. */
  static byte[] pgm(int w, int h, int maxval, int[] samples) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("P5\n# made by a test\n" + w + " " + h + "\n" + maxval + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    for (int s : samples) {
      if (maxval > 255) {
        out.write(s >> 8);
      }
      out.write(s & 0xFF);
    }
    return out.toByteArray();
  }

  /** Binary PPM (P6), 8 bits per sample, from packed RGB. */
  static byte[] ppm(int w, int h, int[] rgb) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII));
    for (int p : rgb) {
      out.write(p >> 16 & 0xFF);
      out.write(p >> 8 & 0xFF);
      out.write(p & 0xFF);
    }
    return out.toByteArray();
  }

  /**
   * A lossless WebP (VP8L) whose pixels take one of two values per channel: each channel gets a
   * "simple" prefix code of two one-bit symbols, so every pixel is three bits (green, red, blue;
   * alpha is constant). {@code bits[i]} holds the choice per channel for pixel i: bit 2 red, bit 1
   * green, bit 0 blue.
   */
  static byte[] webpLossless(int w, int h, int[] red, int[] green, int[] blue, int[] bits) {
    BitWriter b = new BitWriter();
    b.put(0x2F, 8); // signature
    b.put(w - 1, 14);
    b.put(h - 1, 14);
    b.put(0, 1); // alpha not used
    b.put(0, 3); // version
    b.put(0, 1); // no transform
    b.put(0, 1); // no colour cache
    b.put(0, 1); // no meta prefix codes
    simpleCode(b, green[0], green[1]);
    simpleCode(b, red[0], red[1]);
    simpleCode(b, blue[0], blue[1]);
    b.put(1, 1); // alpha: simple code, one 8-bit symbol, 255
    b.put(0, 1);
    b.put(1, 1);
    b.put(255, 8);
    b.put(1, 1); // distance: simple code, one 1-bit symbol, 0
    b.put(0, 1);
    b.put(0, 1);
    b.put(0, 1);
    for (int i = 0; i < w * h; i++) {
      b.put(bits[i] >> 1 & 1, 1); // green
      b.put(bits[i] >> 2 & 1, 1); // red
      b.put(bits[i] & 1, 1); // blue
    }
    byte[] payload = b.bytes();
    int padded = payload.length + (payload.length & 1);
    ByteBuffer riff = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    riff.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(4 + 8 + padded)
        .put("WEBP".getBytes(StandardCharsets.US_ASCII));
    riff.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
    return riff.array();
  }

  /**
   * Two symbols (the smaller first, so it gets code 0 in canonical order), each stored in 8 bits.
   */
  private static void simpleCode(BitWriter b, int s0, int s1) {
    if (s0 >= s1) {
      throw new IllegalArgumentException("symbols must increase");
    }
    b.put(1, 1); // simple
    b.put(1, 1); // two symbols
    b.put(1, 1); // first symbol in 8 bits
    b.put(s0, 8);
    b.put(s1, 8);
  }

  /** Least-significant-bit-first bit packing, as VP8L reads. */
  private static final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int acc;
    private int n;

    void put(int value, int bits) {
      for (int i = 0; i < bits; i++) {
        acc |= (value >> i & 1) << n;
        if (++n == 8) {
          out.write(acc);
          acc = 0;
          n = 0;
        }
      }
    }

    byte[] bytes() {
      if (n > 0) {
        out.write(acc);
        acc = 0;
        n = 0;
      }
      return out.toByteArray();
    }
  }

  /** An uncompressed 8-bit RGB TIFF (one strip, little-endian) with the given orientation tag. */
  static byte[] tiffRgb(int w, int h, int[] rgb, int orientation) {
    int entries = 10;
    int ifd = 8;
    int bits = ifd + 2 + entries * 12 + 4;
    int pixels = bits + 6;
    ByteBuffer b = ByteBuffer.allocate(pixels + w * h * 3).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
    b.putShort((short) entries);
    tiffEntry(b, 256, 4, 1, w); // ImageWidth, LONG
    tiffEntry(b, 257, 4, 1, h); // ImageLength
    tiffEntry(b, 258, 3, 3, bits); // BitsPerSample: three SHORTs stored at "bits"
    tiffEntry(b, 259, 3, 1, 1); // Compression: none
    tiffEntry(b, 262, 3, 1, 2); // PhotometricInterpretation: RGB
    tiffEntry(b, 273, 4, 1, pixels); // StripOffsets
    tiffEntry(b, 274, 3, 1, orientation); // Orientation
    tiffEntry(b, 277, 3, 1, 3); // SamplesPerPixel
    tiffEntry(b, 278, 4, 1, h); // RowsPerStrip
    tiffEntry(b, 279, 4, 1, w * h * 3); // StripByteCounts
    b.putInt(0); // no next IFD
    b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
    for (int p : rgb) {
      b.put((byte) (p >> 16)).put((byte) (p >> 8)).put((byte) p);
    }
    return b.array();
  }

  private static void tiffEntry(ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count);
    if (type == 3 && count == 1) {
      b.putShort((short) value)
          .putShort((short) 0); // a SHORT sits in the first half of the value field
    } else {
      b.putInt(value);
    }
  }

  static Path save(Path file, byte[] bytes) throws IOException {
    return Files.write(file, bytes);
  }
}
