package dev.facenet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageLoaderTest {
  private static final Path FIXTURES =
      Path.of(System.getProperty("facenet.shared", "../../shared")).resolve("fixtures");
  private static final Path SEED = FIXTURES.resolve("seed-images");

  @TempDir Path dir;

  // ---- the real fixtures ----

  @Test
  void seedJpegsComeOutAsTheirDecoderGivesThem() throws Exception {
    for (String name : new String[] {"andrew.jpg", "shivi.jpg", "shivi_test.jpg"}) {
      Path file = SEED.resolve(name);
      BufferedImage img = ImageLoader.load(file);
      BufferedImage reference = ImageIO.read(file.toFile());
      assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
      assertThat(rgb(img)).as(name).isEqualTo(rgb(reference));
    }
    assertThat(ImageLoader.load(SEED.resolve("shivi.jpg")).getWidth()).isEqualTo(452);
  }

  @Test
  void orlPgmSamplesAreCopiedIntoRedGreenAndBlue() throws Exception {
    Path file = FIXTURES.resolve("orl/s1/1.pgm");
    byte[] bytes = Files.readAllBytes(file);
    // P5 header: magic, width, height, maxval separated by whitespace, "#" comments to the end of
    // the line
    String[] head =
        new String(bytes, 0, 80, StandardCharsets.US_ASCII)
            .replaceAll("#[^\n]*\n", " ")
            .trim()
            .split("\\s+");
    assertThat(head[0]).isEqualTo("P5");
    int w = Integer.parseInt(head[1]);
    int h = Integer.parseInt(head[2]);
    assertThat(head[3]).isEqualTo("255");
    int start = bytes.length - w * h;
    BufferedImage img = ImageLoader.load(file);
    assertThat(img.getWidth()).isEqualTo(92);
    assertThat(img.getHeight()).isEqualTo(112);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int g = bytes[start + y * w + x] & 0xFF;
        assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(g << 16 | g << 8 | g);
      }
    }
  }

  @Test
  void yaleGifPaletteIsGreyAndKeptExactly() throws Exception {
    Path file = FIXTURES.resolve("yale/subject01/glasses.gif");
    BufferedImage img = ImageLoader.load(file);
    BufferedImage raw = ImageIO.read(file.toFile());
    assertThat(raw.getColorModel()).isInstanceOf(IndexColorModel.class);
    assertThat(img.getWidth()).isEqualTo(320);
    assertThat(img.getHeight()).isEqualTo(243);
    IndexColorModel palette = (IndexColorModel) raw.getColorModel();
    int distinct = 0;
    boolean[] seen = new boolean[256];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int index = raw.getRaster().getSample(x, y, 0);
        int p = img.getRGB(x, y) & 0xFFFFFF;
        assertThat(p).isEqualTo(palette.getRGB(index) & 0xFFFFFF);
        assertThat(p >> 16).isEqualTo(p & 0xFF).isEqualTo(p >> 8 & 0xFF);
        if (!seen[p & 0xFF]) {
          seen[p & 0xFF] = true;
          distinct++;
        }
      }
    }
    assertThat(distinct).as("grey levels in a real photo").isGreaterThan(100);
  }

  @Test
  void danielleRgbaPngIsCompositedOverBlack() throws Exception {
    Path file = SEED.resolve("danielle.png");
    BufferedImage raw = ImageIO.read(file.toFile());
    assertThat(raw.getColorModel().hasAlpha()).isTrue();
    BufferedImage img = ImageLoader.load(file);
    for (int y = 0; y < raw.getHeight(); y++) {
      for (int x = 0; x < raw.getWidth(); x++) {
        int argb = raw.getRGB(x, y);
        int a = argb >>> 24;
        int expected =
            Math.round((argb >> 16 & 0xFF) * a / 255f) << 16
                | Math.round((argb >> 8 & 0xFF) * a / 255f) << 8
                | Math.round((argb & 0xFF) * a / 255f);
        assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(expected);
      }
    }
  }

  // ---- EXIF orientation ----

  /**
   * Stored row 0 and column 0 lie along these sides of the picture as shown (the EXIF definition of
   * tag 274).
   */
  private static final String[][] EXIF_SIDES = {
    null,
    {"top", "left"},
    {"top", "right"},
    {"bottom", "right"},
    {"bottom", "left"},
    {"left", "top"},
    {"right", "top"},
    {"right", "bottom"},
    {"left", "bottom"}
  };

  /**
   * Checks that every stored pixel shows up where the EXIF definition of the orientation puts it.
   */
  private static void assertShownAsExifSays(
      BufferedImage stored, BufferedImage shown, int orientation) {
    String rowSide = EXIF_SIDES[orientation][0];
    String colSide = EXIF_SIDES[orientation][1];
    boolean rowsStayRows = rowSide.equals("top") || rowSide.equals("bottom");
    int sw = stored.getWidth();
    int sh = stored.getHeight();
    assertThat(shown.getWidth())
        .as("width, orientation %d", orientation)
        .isEqualTo(rowsStayRows ? sw : sh);
    assertThat(shown.getHeight())
        .as("height, orientation %d", orientation)
        .isEqualTo(rowsStayRows ? sh : sw);
    int w = shown.getWidth();
    int h = shown.getHeight();
    for (int r = 0; r < sh; r++) {
      for (int c = 0; c < sw; c++) {
        int x;
        int y;
        if (rowsStayRows) {
          y = rowSide.equals("top") ? r : h - 1 - r;
          x = colSide.equals("left") ? c : w - 1 - c;
        } else {
          x = rowSide.equals("left") ? r : w - 1 - r;
          y = colSide.equals("top") ? c : h - 1 - c;
        }
        if (shown.getRGB(x, y) != stored.getRGB(c, r)) {
          throw new AssertionError(
              "orientation "
                  + orientation
                  + ": stored ("
                  + c
                  + ","
                  + r
                  + ") should show at ("
                  + x
                  + ","
                  + y
                  + ")");
        }
      }
    }
  }

  @Test
  void allEightExifOrientationsOfARealPhotoAreHonoured() throws Exception {
    // andrew.jpg carries a big-endian EXIF orientation entry (1); rewrite its value in place, so
    // the
    // compressed pixels stay identical and the comparison is exact.
    byte[] original = Files.readAllBytes(SEED.resolve("andrew.jpg"));
    byte[] entry = {0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01};
    int at = indexOf(original, entry);
    assertThat(at).as("orientation entry in andrew.jpg").isPositive();
    assertThat(indexOf(Arrays.copyOfRange(original, at + 1, original.length), entry)).isNegative();
    BufferedImage stored = ImageLoader.load(SEED.resolve("andrew.jpg"));
    for (int o = 1; o <= 8; o++) {
      byte[] patched = original.clone();
      patched[at + 9] = (byte) o;
      Path file = OddPictures.save(dir.resolve("andrew-" + o + ".jpg"), patched);
      assertShownAsExifSays(stored, ImageLoader.load(file), o);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void exifOrientationTurnsAnOblongJpegInBothByteOrders(boolean bigEndian) throws Exception {
    BufferedImage pattern = new BufferedImage(48, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 48; x++) {
        pattern.setRGB(x, y, (x * 5) << 16 | (y * 10) << 8 | (x < 8 && y < 8 ? 255 : 0));
      }
    }
    byte[] plain = OddPictures.jpeg(pattern);
    BufferedImage stored = ImageLoader.load(OddPictures.save(dir.resolve("plain.jpg"), plain));
    assertThat(stored.getWidth()).isEqualTo(48);
    for (int o = 1; o <= 8; o++) {
      byte[] tagged = OddPictures.insertAfterSoi(plain, OddPictures.exifApp1(o, bigEndian));
      Path file = OddPictures.save(dir.resolve("oblong-" + o + ".jpg"), tagged);
      assertShownAsExifSays(stored, ImageLoader.load(file), o);
    }
  }

  @Test
  void theOrientationTagOfATiffIsHonouredToo() throws Exception {
    BufferedImage pattern = gradient(21, 10);
    int[] packed = rgb(pattern);
    BufferedImage stored =
        ImageLoader.load(
            OddPictures.save(dir.resolve("t1.tif"), OddPictures.tiffRgb(21, 10, packed, 1)));
    assertThat(rgb(stored)).isEqualTo(packed);
    for (int o = 2; o <= 8; o++) {
      Path file =
          OddPictures.save(dir.resolve("t" + o + ".tif"), OddPictures.tiffRgb(21, 10, packed, o));
      assertShownAsExifSays(stored, ImageLoader.load(file), o);
    }
  }

  @Test
  void aBrokenExifSegmentDoesNotStopThePicture() throws Exception {
    BufferedImage pattern = gradient(16, 16);
    byte[] plain = OddPictures.jpeg(pattern);
    byte[] app1 = OddPictures.exifApp1(6, true);
    Arrays.fill(app1, 10, app1.length, (byte) 0x7F); // keep "Exif\0\0", garble the TIFF part
    Path file =
        OddPictures.save(dir.resolve("garbled-exif.jpg"), OddPictures.insertAfterSoi(plain, app1));
    BufferedImage img = ImageLoader.load(file);
    assertThat(rgb(img))
        .isEqualTo(rgb(ImageLoader.load(OddPictures.save(dir.resolve("p.jpg"), plain))));
  }

  // ---- sample formats ----

  @Test
  void grey8BitPngSamplesAreCopiedExactly() throws Exception {
    BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 256; i++) {
      grey.getRaster().setSample(i % 16, i / 16, 0, i);
    }
    BufferedImage img = ImageLoader.load(OddPictures.write(grey, "png", dir.resolve("grey8.png")));
    for (int i = 0; i < 256; i++) {
      assertThat(img.getRGB(i % 16, i / 16) & 0xFFFFFF).isEqualTo(i << 16 | i << 8 | i);
    }
  }

  @Test
  void grey16BitPngIsScaledToEightBitsWithoutColourConversion() throws Exception {
    BufferedImage grey = new BufferedImage(256, 4, BufferedImage.TYPE_USHORT_GRAY);
    int[] values = new int[256 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = (int) ((long) i * 65535 / (values.length - 1));
      grey.getRaster().setSample(i % 256, i / 256, 0, values[i]);
    }
    BufferedImage img = ImageLoader.load(OddPictures.write(grey, "png", dir.resolve("grey16.png")));
    for (int i = 0; i < values.length; i++) {
      int g = (int) Math.round(values[i] * 255.0 / 65535);
      assertThat(img.getRGB(i % 256, i / 256) & 0xFFFFFF)
          .as("sample %d", values[i])
          .isEqualTo(g << 16 | g << 8 | g);
    }
  }

  @Test
  void rgb16BitPngIsScaledToEightBits() throws Exception {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {16, 16, 16},
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(64, 2);
    for (int x = 0; x < 64; x++) {
      raster.setPixel(x, 0, new int[] {x * 1000, 65535 - x * 1000, 257 * x});
      raster.setPixel(x, 1, new int[] {65535, 0, 32768});
    }
    BufferedImage sixteen = new BufferedImage(cm, raster, false, null);
    BufferedImage img =
        ImageLoader.load(OddPictures.write(sixteen, "png", dir.resolve("rgb16.png")));
    for (int x = 0; x < 64; x++) {
      int r = (int) Math.round(x * 1000 * 255.0 / 65535);
      int g = (int) Math.round((65535 - x * 1000) * 255.0 / 65535);
      assertThat(img.getRGB(x, 0) & 0xFFFFFF).isEqualTo(r << 16 | g << 8 | x);
      assertThat(img.getRGB(x, 1) & 0xFFFFFF).isEqualTo(0xFF0080);
    }
  }

  @Test
  void transparentPngIsCompositedOverBlack() throws Exception {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00FFFFFF); // fully transparent white
    argb.setRGB(1, 0, 0x80C86432); // half transparent
    argb.setRGB(2, 0, 0xFF123456); // opaque
    BufferedImage img = ImageLoader.load(OddPictures.write(argb, "png", dir.resolve("alpha.png")));
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(img.getRGB(1, 0) & 0xFFFFFF)
        .isEqualTo(
            Math.round(200 * 128 / 255f) << 16
                | Math.round(100 * 128 / 255f) << 8
                | Math.round(50 * 128 / 255f));
    assertThat(img.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0x123456);
  }

  @Test
  void greyWithAlphaPngIsCompositedOverBlackToo() throws Exception {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            new int[] {8, 8},
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
    raster.setPixel(0, 0, new int[] {200, 0});
    raster.setPixel(1, 0, new int[] {200, 51});
    raster.setPixel(2, 0, new int[] {200, 255});
    BufferedImage ga = new BufferedImage(cm, raster, false, null);
    BufferedImage img =
        ImageLoader.load(OddPictures.write(ga, "png", dir.resolve("grey-alpha.png")));
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0);
    assertThat(img.getRGB(1, 0) & 0xFFFFFF).isEqualTo(40 << 16 | 40 << 8 | 40);
    assertThat(img.getRGB(2, 0) & 0xFFFFFF).isEqualTo(200 << 16 | 200 << 8 | 200);
  }

  @Test
  void paletteGifColoursAreThePaletteAndItsTransparentIndexIsBlack() throws Exception {
    byte[] r = {0, (byte) 255, 10, (byte) 250};
    byte[] g = {0, 0, (byte) 200, (byte) 250};
    byte[] b = {0, 0, 30, (byte) 250};
    IndexColorModel palette = new IndexColorModel(8, 4, r, g, b, 3); // index 3: transparent
    BufferedImage indexed = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_INDEXED, palette);
    for (int i = 0; i < 48; i++) {
      indexed.getRaster().setSample(i % 8, i / 8, 0, (i * 7) % 4);
    }
    BufferedImage img =
        ImageLoader.load(OddPictures.write(indexed, "gif", dir.resolve("palette.gif")));
    for (int i = 0; i < 48; i++) {
      int k = (i * 7) % 4;
      int expected = k == 3 ? 0 : (r[k] & 0xFF) << 16 | (g[k] & 0xFF) << 8 | (b[k] & 0xFF);
      assertThat(img.getRGB(i % 8, i / 8) & 0xFFFFFF)
          .as("pixel %d, index %d", i, k)
          .isEqualTo(expected);
    }
  }

  @Test
  void bmpTiffAndPpmAreReadLosslessly() throws Exception {
    BufferedImage colour = gradient(40, 30);
    for (String format : new String[] {"bmp", "tiff"}) {
      BufferedImage img =
          ImageLoader.load(OddPictures.write(colour, format, dir.resolve("colour." + format)));
      assertThat(rgb(img)).as(format).isEqualTo(rgb(colour));
    }
    int[] packed = rgb(colour);
    BufferedImage ppm =
        ImageLoader.load(
            OddPictures.save(dir.resolve("colour.ppm"), OddPictures.ppm(40, 30, packed)));
    assertThat(rgb(ppm)).isEqualTo(packed);
  }

  @Test
  void pgmOfEightAndSixteenBitsIsGrey() throws Exception {
    int[] eight = new int[256];
    int[] sixteen = new int[256];
    for (int i = 0; i < 256; i++) {
      eight[i] = i;
      sixteen[i] = i * 257;
    }
    BufferedImage a =
        ImageLoader.load(
            OddPictures.save(dir.resolve("g8.pgm"), OddPictures.pgm(16, 16, 255, eight)));
    BufferedImage b =
        ImageLoader.load(
            OddPictures.save(dir.resolve("g16.pgm"), OddPictures.pgm(16, 16, 65535, sixteen)));
    for (int i = 0; i < 256; i++) {
      assertThat(a.getRGB(i % 16, i / 16) & 0xFFFFFF).isEqualTo(i << 16 | i << 8 | i);
      assertThat(b.getRGB(i % 16, i / 16) & 0xFFFFFF).isEqualTo(i << 16 | i << 8 | i);
    }
  }

  @Test
  void losslessWebpIsRead() throws Exception {
    int w = 13;
    int h = 7;
    int[] red = {0, 200};
    int[] green = {10, 150};
    int[] blue = {0, 99};
    int[] bits = new int[w * h];
    for (int i = 0; i < bits.length; i++) {
      int x = i % w;
      int y = i / w;
      bits[i] = (x < 4 ? 4 : 0) | (y < 2 ? 2 : 0) | ((x + y) % 3 == 0 ? 1 : 0);
    }
    Path file =
        OddPictures.save(
            dir.resolve("pattern.webp"), OddPictures.webpLossless(w, h, red, green, blue, bits));
    BufferedImage img = ImageLoader.load(file);
    assertThat(img.getWidth()).isEqualTo(w);
    assertThat(img.getHeight()).isEqualTo(h);
    for (int i = 0; i < bits.length; i++) {
      int expected = red[bits[i] >> 2 & 1] << 16 | green[bits[i] >> 1 & 1] << 8 | blue[bits[i] & 1];
      assertThat(img.getRGB(i % w, i / w) & 0xFFFFFF).as("pixel %d", i).isEqualTo(expected);
    }
  }

  @Test
  void cmykJpegWithAnAdobeMarkerBecomesRgb() throws Exception {
    // Quadrants of pure cyan, magenta, yellow and black ink, stored inverted as Adobe writes CMYK.
    WritableRaster ink = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int[] p = {255, 255, 255, 255};
        p[(y < 16 ? 0 : 2) + (x < 16 ? 0 : 1)] = 0;
        ink.setPixel(x, y, p);
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(ink, null, null), null);
    } finally {
      writer.dispose();
    }
    byte[] cmyk = OddPictures.insertAfterSoi(bytes.toByteArray(), OddPictures.adobeApp14(0));
    BufferedImage img = ImageLoader.load(OddPictures.save(dir.resolve("cmyk.jpg"), cmyk));
    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertNear(img.getRGB(6, 6), 0x00FFFF); // cyan
    assertNear(img.getRGB(26, 6), 0xFF00FF); // magenta
    assertNear(img.getRGB(6, 26), 0xFFFF00); // yellow
    assertNear(img.getRGB(26, 26), 0x000000); // black
  }

  @Test
  void toRgbOfSubimagesReadsTheirOwnPixels() {
    BufferedImage colour = gradient(40, 30);
    for (int type :
        new int[] {
          BufferedImage.TYPE_3BYTE_BGR,
          BufferedImage.TYPE_BYTE_GRAY,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_USHORT_GRAY
        }) {
      BufferedImage whole = new BufferedImage(40, 30, type);
      whole.getGraphics().drawImage(colour, 0, 0, null);
      BufferedImage part = whole.getSubimage(7, 5, 20, 11);
      BufferedImage converted = ImageLoader.toRgb(part);
      assertThat(converted.getWidth()).isEqualTo(20);
      for (int y = 0; y < 11; y++) {
        for (int x = 0; x < 20; x++) {
          int expected;
          if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            int sample = part.getRaster().getSample(x, y, 0);
            int g =
                type == BufferedImage.TYPE_BYTE_GRAY
                    ? sample
                    : (int) Math.round(sample * 255.0 / 65535);
            expected = g << 16 | g << 8 | g;
          } else {
            expected = colour.getRGB(x + 7, y + 5) & 0xFFFFFF;
          }
          assertThat(converted.getRGB(x, y) & 0xFFFFFF)
              .as("type %d at %d,%d", type, x, y)
              .isEqualTo(expected);
        }
      }
    }
  }

  // ---- refusals ----

  @ParameterizedTest
  @ValueSource(ints = {30000, 50000})
  void aPngHeaderClaimingAHugePictureIsRefusedBeforeDecoding(int side) throws Exception {
    Path file = OddPictures.save(dir.resolve("huge.png"), OddPictures.pngHeaderOnly(side, side));
    assertRefused(file, side + " x " + side, String.valueOf(ImageLoader.MAX_PIXELS));
  }

  @Test
  void aJpegHeaderClaimingAHugePictureIsRefusedBeforeDecoding() throws Exception {
    byte[] jpeg = Files.readAllBytes(SEED.resolve("kevin.jpg")); // baseline: SOF0 = FF C0
    int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
    assertThat(sof).isPositive();
    // FF C0, length (2), precision (1), height (2), width (2)
    jpeg[sof + 5] = (byte) 0xEA;
    jpeg[sof + 6] = (byte) 0x60; // 60000
    jpeg[sof + 7] = (byte) 0xEA;
    jpeg[sof + 8] = (byte) 0x60;
    assertRefused(
        OddPictures.save(dir.resolve("huge.jpg"), jpeg),
        "60000 x 60000",
        "limit of 100000000 pixels");
  }

  @Test
  void aPgmHeaderClaimingAHugePictureIsRefusedBeforeDecoding() throws Exception {
    byte[] header = "P5\n50000 50000\n255\n".getBytes(StandardCharsets.US_ASCII);
    assertRefused(OddPictures.save(dir.resolve("huge.pgm"), header), "50000 x 50000", "limit");
  }

  @Test
  void aOneByOnePictureLoads() throws Exception {
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    one.setRGB(0, 0, 0x336699);
    BufferedImage img = ImageLoader.load(OddPictures.write(one, "png", dir.resolve("one.png")));
    assertThat(img.getWidth()).isEqualTo(1);
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x336699);
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    assertRefused(OddPictures.save(dir.resolve("empty.jpg"), new byte[0]), "empty");
  }

  @Test
  void aTextFileNamedJpgIsRefused() throws Exception {
    Path file = dir.resolve("notes.jpg");
    Files.writeString(file, "Dear diary,\nthis is not a picture.\n");
    assertRefused(file, "not a picture", "text");
  }

  @Test
  void randomBytesAreRefused() throws Exception {
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    noise[0] = 1; // not accidentally a known magic number
    assertRefused(OddPictures.save(dir.resolve("noise.png"), noise), "not a picture");
  }

  @Test
  void aFolderAndAMissingFileAreRefused() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("album.jpg"));
    assertRefused(folder, "folder");
    assertRefused(dir.resolve("missing.jpg"), "no such file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"shivi.jpg", "andrew.jpg", "felix.jpg", "danielle.png"})
  void truncatedCopiesOfRealPicturesAreRefused(String name) throws Exception {
    byte[] whole = Files.readAllBytes(SEED.resolve(name));
    for (int keep :
        new int[] {whole.length / 4, whole.length / 2, whole.length * 9 / 10, whole.length - 40}) {
      Path cut =
          OddPictures.save(dir.resolve("cut-" + keep + "-" + name), Arrays.copyOf(whole, keep));
      assertRefused(cut, cut.getFileName().toString());
    }
  }

  @Test
  void aTruncatedGifIsRefused() throws Exception {
    byte[] whole = Files.readAllBytes(FIXTURES.resolve("yale/subject02/happy.gif"));
    assertRefused(
        OddPictures.save(dir.resolve("cut.gif"), Arrays.copyOf(whole, whole.length / 2)),
        "truncated");
  }

  @Test
  void theMessageForATruncatedJpegSaysSo() throws Exception {
    byte[] whole = Files.readAllBytes(SEED.resolve("shivi.jpg"));
    assertRefused(
        OddPictures.save(dir.resolve("cut.jpg"), Arrays.copyOf(whole, whole.length * 3 / 4)),
        "truncated");
  }

  // ---- helpers ----

  private static void assertRefused(Path file, String... mentions) {
    assertThatThrownBy(() -> ImageLoader.load(file))
        .isInstanceOf(FaceNetException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("\n").startsWith(file.toString());
              for (String m : mentions) {
                assertThat(e.getMessage()).containsIgnoringCase(m);
              }
            });
  }

  private static void assertNear(int actual, int expected) {
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(actual >> shift & 0xFF)
          .as("channel at bit %d of %06x", shift, actual & 0xFFFFFF)
          .isCloseTo(expected >> shift & 0xFF, org.assertj.core.data.Offset.offset(12));
    }
  }

  private static BufferedImage gradient(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | ((x * y) & 0xFF));
      }
    }
    return img;
  }

  private static int[] rgb(BufferedImage img) {
    int[] p = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    for (int i = 0; i < p.length; i++) {
      p[i] &= 0xFFFFFF;
    }
    return p;
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aPictureOverTheDecodeLimitIsReadSubsampledAndSaysBy() throws Exception {
    // 6001 x 5000 = 30 MP: every second pixel of every second row gives 3001 x 2500, under 24 MP.
    BufferedImage big = new BufferedImage(6001, 5000, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = big.getRaster();
    for (int y = 0; y < 5000; y += 2) {
      for (int x = 0; x < 6001; x += 2) {
        r.setSample(x, y, 0, (x / 2 + y / 2) & 0xff); // the kept pixels carry a known pattern
      }
    }
    Path file = dir.resolve("big.png");
    ImageIO.write(big, "png", file.toFile());
    var loaded = ImageLoader.read(file);
    assertThat(loaded.subsampling()).isEqualTo(2);
    assertThat(loaded.image().getWidth()).isEqualTo(3001);
    assertThat(loaded.image().getHeight()).isEqualTo(2500);
    assertThat(loaded.image().getRGB(7, 5) & 0xff).isEqualTo(12);
    assertThat(loaded.image().getRGB(3000, 2499) & 0xff).isEqualTo((3000 + 2499) & 0xff);
    assertThat(ImageLoader.subsampling(4000, 3000)).isEqualTo(1);
    assertThat(ImageLoader.subsampling(10_000, 10_000)).isEqualTo(3);
  }
}
