package dev.facenet.evaluate;

import dev.facenet.FaceNet;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A dataset as a camera farther away would see it: every picture shrunk (area-averaged, as a sensor
 * would average the light) so that its face is about {@code faceWidth} pixels wide, the width of
 * the box the detector gives at full size. Small faces are where users see recognition fail (door
 * and IP cameras, people in the back of a photo); this measures how much, on pictures whose
 * full-size accuracy is known. Pictures where no face is found at full size are shrunk by the
 * dataset's median factor; a face already narrower than asked is left as it is.
 */
public final class ShrunkDataset {

  /** The narrowest face width asked for that the detectors can still find at all. */
  public static final int MIN_FACE_WIDTH = 8;

  private ShrunkDataset() {}

  /**
   * Writes the shrunk pictures under {@code root} (one folder per person, each picture as PNG) and
   * returns them as a dataset; {@code faces} finds the faces at full size.
   */
  public static Dataset write(
      Dataset dataset, FaceNet faces, int faceWidth, Path root, Progress progress) {
    if (faceWidth < MIN_FACE_WIDTH) {
      throw new FaceNetException("a face width of " + faceWidth + " px is too small to measure");
    }
    List<Picture> pictures = dataset.pictures();
    double[] factors = new double[pictures.size()];
    for (int i = 0; i < pictures.size(); i++) {
      List<Face> found = faces.locate(dev.facenet.Picture.of(pictures.get(i).path()));
      double widest = found.stream().mapToDouble(f -> f.box().width()).max().orElse(Double.NaN);
      factors[i] = Math.min(1, faceWidth / widest);
      progress.update(i + 1, 2 * pictures.size());
    }
    double median = median(factors);
    if (Double.isNaN(median)) {
      throw new FaceNetException(dataset.root() + ": no face found in any picture to measure");
    }
    try {
      for (int i = 0; i < pictures.size(); i++) {
        Picture p = pictures.get(i);
        BufferedImage full = dev.facenet.Picture.of(p.path()).decode().image();
        double k = Double.isNaN(factors[i]) ? median : factors[i];
        Path out = Files.createDirectories(root.resolve(p.person())).resolve(p.file() + ".png");
        ImageIO.write(shrink(full, k), "png", out.toFile());
        progress.update(pictures.size() + i + 1, 2 * pictures.size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Dataset.scan(root);
  }

  /**
   * {@code picture} scaled by {@code k} (at most 1), each new pixel the mean of those it covers.
   */
  static BufferedImage shrink(BufferedImage picture, double k) {
    int w = Math.max(1, (int) Math.round(picture.getWidth() * k));
    int h = Math.max(1, (int) Math.round(picture.getHeight() * k));
    if (w == picture.getWidth() && h == picture.getHeight()) {
      return picture;
    }
    Image scaled = picture.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(scaled, 0, 0, null);
    return out;
  }

  private static double median(double[] values) {
    double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return known.length == 0 ? Double.NaN : known[known.length / 2];
  }
}
