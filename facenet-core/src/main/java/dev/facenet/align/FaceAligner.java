package dev.facenet.align;

import dev.facenet.common.FaceNetException;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an upright, normalised face chip out of a picture, the way dlib's {@code
 * get_face_chip_details} and {@code extract_image_chip} do: the least-squares similarity transform
 * from the template's chip positions ({@link FaceTemplate}, landmarks 27..54 and 60..64) to the
 * face's landmarks, then a bilinear warp ({@link Warp}). Encoders see faces in the same place and
 * size whatever the head's tilt, distance or position in the photo.
 *
 * <p>Its {@link #name()} is the crop method stored with every encoding: encodings made from
 * different crops must never be compared.
 */
public final class FaceAligner {
  /**
   * The dlib chip of the face-api ResNet: 150 px, padding 0.25 (what the network was trained on).
   */
  public static final String DLIB_CHIP_150 = "dlib-chip-150";

  /**
   * The same template and padding at 96 px (the 150 chip scaled by 95 / 149). nn4.small2, whose
   * input is 96 px, uses a wider framing of the same template instead (see {@code
   * Nn4Small2Encoder.CHIP}).
   */
  public static final String DLIB_CHIP_96 = "dlib-chip-96";

  /** dlib's default padding: a quarter of the template's extent on each side. */
  public static final double DLIB_PADDING = 0.25;

  private final String name;
  private final int size;
  private final double padding;
  private final List<Point> fitTemplate;

  /**
   * @param name crop-method name stored with encodings
   * @param size side of the square chip in pixels
   * @param padding share of the template's extent added on each side (dlib's default for the
   *     ResNet: 0.25)
   */
  public FaceAligner(String name, int size, double padding) {
    if (size < 2 || !(padding >= 0)) {
      throw new IllegalArgumentException(
          "chip size must be at least 2 and padding at least 0, got " + size + " and " + padding);
    }
    this.name = name;
    this.size = size;
    this.padding = padding;
    List<Point> t = new ArrayList<>();
    for (int i : FaceTemplate.FIT_INDICES) {
      t.add(FaceTemplate.inChip(i, size, padding));
    }
    this.fitTemplate = List.copyOf(t);
  }

  /** The ResNet's chip: {@value #DLIB_CHIP_150}. */
  public static FaceAligner dlibChip150() {
    return dlibChip(150, DLIB_PADDING);
  }

  /** The dlib chip at 96 px: {@value #DLIB_CHIP_96}. */
  public static FaceAligner dlibChip96() {
    return dlibChip(96, DLIB_PADDING);
  }

  /**
   * dlib's template at {@code size} pixels with {@code padding}, named {@code dlib-chip-SIZE} for
   * dlib's own padding of 0.25 and {@code dlib-chip-SIZE-padP} otherwise (e.g. {@code
   * dlib-chip-96-pad0.6}), so chips of different framing never share a name in the gallery.
   */
  public static FaceAligner dlibChip(int size, double padding) {
    String name =
        "dlib-chip-"
            + size
            + (padding == DLIB_PADDING
                ? ""
                : "-pad"
                    + java.math.BigDecimal.valueOf(padding).stripTrailingZeros().toPlainString());
    return new FaceAligner(name, size, padding);
  }

  public String name() {
    return name;
  }

  public int size() {
    return size;
  }

  public double padding() {
    return padding;
  }

  /** Where the template puts landmark {@code index} (17..67) in this chip. */
  public Point templatePoint(int index) {
    return FaceTemplate.inChip(index, size, padding);
  }

  /** Where the template puts the centre of the eye on the picture's left (landmarks 36-41). */
  public Point templateLeftEye() {
    return FaceTemplate.eyeInChip(36, size, padding);
  }

  /** Where the template puts the centre of the eye on the picture's right (landmarks 42-47). */
  public Point templateRightEye() {
    return FaceTemplate.eyeInChip(42, size, padding);
  }

  /**
   * The least-squares similarity transform from the template's chip positions to the face's
   * landmarks (chip coordinates to picture coordinates).
   */
  public SimilarityTransform fit(Landmarks landmarks) {
    List<Point> to = new ArrayList<>(fitTemplate.size());
    for (int i : FaceTemplate.FIT_INDICES) {
      Point p = landmarks.get(i);
      if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
        throw new FaceNetException("cannot align a face: landmark " + i + " is not a number");
      }
      to.add(p);
    }
    SimilarityTransform t = SimilarityTransform.fit(fitTemplate, to);
    if (!(t.scale() > 1e-6) || !Double.isFinite(t.scale())) {
      throw new FaceNetException(
          "cannot align a face: its landmarks coincide (scale " + t.scale() + ")");
    }
    return t;
  }

  /**
   * The mapping from chip pixels to picture coordinates that the warp samples with. It is the
   * fitted transform as dlib re-expresses it: a rectangle of size x scale pixels centred on the
   * fit's image of the chip centre, whose corners map to the centres of the chip's corner pixels.
   * This stretches the fit by (size * scale - 1) / ((size - 1) * scale) and moves it half a chip
   * pixel, less than a chip pixel anywhere in the chip, and keeps chips the same as dlib's.
   */
  public SimilarityTransform chipToPicture(Landmarks landmarks) {
    SimilarityTransform t = fit(landmarks);
    double scale = t.scale();
    double k = (size * scale - 1) / (size - 1);
    Point centre = t.apply(size / 2.0, size / 2.0);
    double cos = t.a() / scale;
    double sin = t.b() / scale;
    double h = (size - 1) / 2.0;
    // x' = centre + k R (u - h)
    double a = k * cos;
    double b = k * sin;
    return new SimilarityTransform(
        a, b, centre.x() - (a * h - b * h), centre.y() - (b * h + a * h));
  }

  /**
   * The face chip: {@code size} x {@code size} RGB, the face upright and placed as the template
   * says.
   */
  public BufferedImage align(BufferedImage picture, Landmarks landmarks) {
    return Warp.warp(picture, chipToPicture(landmarks), size, size);
  }

  @Override
  public String toString() {
    return name + " (" + size + " px, padding " + padding + ")";
  }
}
