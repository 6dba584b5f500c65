package dev.facenet.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation tag of a JPEG (or the same tag of a TIFF) and the turn or mirror it asks
 * for. Phones store pictures as the sensor saw them and only note "rotate me" in EXIF; a face lying
 * on its side is not found and encodes badly, so the loader shows the picture the way a viewer
 * would. Values follow the EXIF/TIFF tag 274: 1 as stored, 2 mirrored left-right, 3 turned half
 * way, 4 mirrored top-bottom, 5 transposed, 6 turned a quarter clockwise, 7 transversed, 8 turned a
 * quarter anticlockwise.
 */
final class ExifOrientation {
  /** Pictures as stored (also what a missing or unreadable tag means). */
  static final int NORMAL = 1;

  private ExifOrientation() {}

  /**
   * The orientation in a JPEG's EXIF segment, read from {@code in} (positioned at the start of the
   * file). A missing, damaged or out-of-range tag gives {@link #NORMAL}: metadata never stops a
   * picture from loading.
   */
  static int ofJpeg(ImageInputStream in) {
    try {
      List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      for (JPEGSegment segment : segments) {
        byte[] data;
        try (InputStream body = segment.data()) {
          data = body.readAllBytes();
        }
        int start = tiffHeaderAt(data);
        if (start < 0) {
          continue;
        }
        try (ImageInputStream tiff =
            new MemoryCacheImageInputStream(
                new java.io.ByteArrayInputStream(data, start, data.length - start))) {
          int orientation = orientationIn(new TIFFReader().read(tiff));
          if (orientation != NORMAL) {
            return orientation;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // broken metadata: show the picture as stored
    }
    return NORMAL;
  }

  /**
   * The orientation tag of a TIFF file's first directory, read from {@code in} at the start of the
   * file.
   */
  static int ofTiff(ImageInputStream in) {
    try {
      return orientationIn(new TIFFReader().read(in));
    } catch (IOException | RuntimeException e) {
      return NORMAL;
    }
  }

  private static int orientationIn(Directory ifds) {
    Entry entry = ifds.getEntryById(TIFF.TAG_ORIENTATION);
    if (entry != null
        && entry.getValue() instanceof Number n
        && n.intValue() >= 1
        && n.intValue() <= 8) {
      return n.intValue();
    }
    return NORMAL;
  }

  /**
   * Where the TIFF header ("II*\0" or "MM\0*") starts: the segment body may keep the pad byte after
   * "Exif\0".
   */
  private static int tiffHeaderAt(byte[] d) {
    for (int i = 0; i <= 2 && i + 4 <= d.length; i++) {
      boolean intel = d[i] == 'I' && d[i + 1] == 'I' && d[i + 2] == 42 && d[i + 3] == 0;
      boolean motorola = d[i] == 'M' && d[i + 1] == 'M' && d[i + 2] == 0 && d[i + 3] == 42;
      if (intel || motorola) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The picture as a viewer shows it; {@code rgb} must be {@link BufferedImage#TYPE_INT_RGB}, and
   * so is the result.
   */
  static BufferedImage apply(BufferedImage rgb, int orientation) {
    if (orientation == NORMAL) {
      return rgb;
    }
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
    int[] src =
        (int[]) rgb.getRaster().getDataElements(0, 0, w, h, null); // packed RGB, one int per pixel
    int[] dst = new int[ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel shown at (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = w - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = h - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> {
            sx = y;
            sy = h - 1 - x;
          }
          case 7 -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          case 8 -> {
            sx = w - 1 - y;
            sy = x;
          }
          default -> throw new IllegalArgumentException("EXIF orientation " + orientation);
        }
        dst[y * ow + x] = src[sy * w + sx];
      }
    }
    out.getRaster().setDataElements(0, 0, ow, oh, dst);
    return out;
  }
}
