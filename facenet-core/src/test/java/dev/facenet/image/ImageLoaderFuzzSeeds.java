package dev.facenet.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the seeds of {@link ImageLoaderFuzzTest}: one tiny picture (a few pixels) per format and
 * layout {@link ImageLoader} reads, so the fuzzer starts from every decoder instead of having to
 * find a format's signature by chance. Run once by hand, its output committed:
 *
 * <pre>java -cp ... dev.facenet.image.ImageLoaderFuzzSeeds
 * facenet-core/src/test/resources/dev/facenet/image/ImageLoaderFuzzTestInputs/anyPicture</pre>
 */
public final class ImageLoaderFuzzSeeds {
  private ImageLoaderFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    int w = 4;
    int h = 3;
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i * 40) << 16 | (255 - i * 20) << 8 | (i * 7);
    }
    BufferedImage colour = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    colour.setRGB(0, 0, w, h, rgb, 0, w);
    BufferedImage grey16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < rgb.length; i++) {
      grey16.getRaster().setSample(i % w, i / w, 0, i * 5000);
      argb.setRGB(i % w, i / w, (i * 20) << 24 | rgb[i]);
    }
    byte[] r = {0, (byte) 255, 0, 0};
    byte[] g = {0, 0, (byte) 255, 0};
    byte[] b = {0, 0, 0, (byte) 255};
    BufferedImage palette =
        new BufferedImage(
            w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
    for (int i = 0; i < rgb.length; i++) {
      palette.getRaster().setSample(i % w, i / w, 0, i % 4);
    }
    Files.write(dir.resolve("rgb.png"), encode(colour, "png"));
    Files.write(dir.resolve("grey16.png"), encode(grey16, "png"));
    Files.write(dir.resolve("alpha.png"), encode(argb, "png"));
    Files.write(dir.resolve("palette.gif"), encode(palette, "gif"));
    Files.write(dir.resolve("rgb.bmp"), encode(colour, "bmp"));
    Files.write(dir.resolve("rgb.jpg"), OddPictures.jpeg(colour));
    Files.write(
        dir.resolve("rotated.jpg"),
        OddPictures.insertAfterSoi(OddPictures.jpeg(colour), OddPictures.exifApp1(6, true)));
    int[] samples = new int[w * h];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = i * 900;
    }
    Files.write(dir.resolve("grey16.pgm"), OddPictures.pgm(w, h, 65535, samples));
    Files.write(dir.resolve("rgb.ppm"), OddPictures.ppm(w, h, rgb));
    Files.write(dir.resolve("rotated.tif"), OddPictures.tiffRgb(w, h, rgb, 8));
    int[] bits = new int[w * h];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = i % 8;
    }
    Files.write(
        dir.resolve("lossless.webp"),
        OddPictures.webpLossless(
            w, h, new int[] {0, 200}, new int[] {10, 150}, new int[] {0, 99}, bits));
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(img, format, out)) {
      throw new IOException("no " + format + " writer for image type " + img.getType());
    }
    return out.toByteArray();
  }
}
