package dev.facenet.evaluate;

import dev.facenet.FaceNet;
import dev.facenet.common.DecodedPicture;
import dev.facenet.common.FaceNetException;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
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

  /** The width that stands for "leave the picture at full size" in a list of widths. */
  public static final int FULL_SIZE = 0;

  private ShrunkDataset() {}

  /**
   * Writes the shrunk pictures under {@code root} (one folder per person, each picture as PNG) and
   * returns them as a dataset; {@code faces} finds the faces at full size.
   */
  public static Dataset write(
      Dataset dataset, FaceNet faces, int faceWidth, Path root, Progress progress) {
    return write(dataset, faces, List.of(faceWidth), root, progress);
  }

  /**
   * As {@link #write(Dataset, FaceNet, int, Path, Progress)} with the widths taken in turn, picture
   * after picture in the dataset's order, so that each person's pictures come at every width: a mix
   * of near and far faces, as one camera sees them all day. A width of 0 leaves the picture at full
   * size.
   */
  public static Dataset write(
      Dataset dataset, FaceNet faces, List<Integer> faceWidths, Path root, Progress progress) {
    if (faceWidths.isEmpty()) {
      throw new FaceNetException("no face width given");
    }
    OptionalInt narrow = tooNarrow(faceWidths);
    if (narrow.isPresent()) {
      throw new FaceNetException(
          "a face width of " + narrow.getAsInt() + " px is too small to measure");
    }
    List<Picture> pictures = dataset.pictures();
    // per width asked: the factors used, and the pictures without a face to shrink by their median
    List<List<Double>> factors = new ArrayList<>();
    List<List<Picture>> withoutFace = new ArrayList<>();
    for (int k = 0; k < faceWidths.size(); k++) {
      factors.add(new ArrayList<>());
      withoutFace.add(new ArrayList<>());
    }
    for (int i = 0; i < pictures.size(); i++) {
      Picture p = pictures.get(i);
      int turn = i % faceWidths.size();
      int faceWidth = faceWidths.get(turn);
      DecodedPicture decoded = dev.facenet.Picture.of(p.path()).decode();
      if (faceWidth == FULL_SIZE) {
        write(decoded.image(), root, p);
        progress.update(i + 1, pictures.size());
        continue;
      }
      // The face's width in the decoded image's pixels, which are the ones shrunk.
      double widest =
          decoded.toImage(faces.locate(decoded)).stream()
              .mapToDouble(f -> f.box().width())
              .max()
              .orElse(Double.NaN);
      if (Double.isNaN(widest)) {
        withoutFace.get(turn).add(p);
      } else {
        double k = Math.min(1, faceWidth / widest);
        factors.get(turn).add(k);
        write(shrink(decoded.image(), k), root, p);
      }
      progress.update(i + 1, pictures.size());
    }
    List<Double> all = factors.stream().flatMap(List::stream).sorted().toList();
    if (all.isEmpty() && !faceWidths.contains(FULL_SIZE)) {
      throw new FaceNetException(dataset.root() + ": no face found in any picture to measure");
    }
    for (int k = 0; k < faceWidths.size(); k++) {
      List<Double> mine = factors.get(k).stream().sorted().toList();
      List<Double> from = mine.isEmpty() ? all : mine;
      double median = from.isEmpty() ? 1 : from.get(from.size() / 2);
      for (Picture p : withoutFace.get(k)) {
        write(shrink(dev.facenet.Picture.of(p.path()).decode().image(), median), root, p);
      }
    }
    return Dataset.scan(root);
  }

  /**
   * The first of {@code faceWidths} narrower than {@link #MIN_FACE_WIDTH} ({@link #FULL_SIZE}
   * aside), if any: such a face cannot be found.
   */
  public static OptionalInt tooNarrow(List<Integer> faceWidths) {
    return faceWidths.stream()
        .mapToInt(Integer::intValue)
        .filter(w -> w != FULL_SIZE && w < MIN_FACE_WIDTH)
        .findFirst();
  }

  /** Writes a shrunk picture as PNG under {@code root}, in its person's folder. */
  private static void write(BufferedImage shrunk, Path root, Picture p) {
    try {
      Path out = Files.createDirectories(root.resolve(p.person())).resolve(p.file() + ".png");
      ImageIO.write(shrunk, "png", out.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
