package dev.facenet.quality;

import dev.facenet.align.FaceAligner;
import dev.facenet.align.FaceTemplate;
import dev.facenet.common.Box;
import dev.facenet.common.FaceQuality;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import java.awt.image.BufferedImage;

/**
 * Measures a found face's {@link FaceQuality} from the picture and the face's landmarks: the inner
 * face (the span of landmarks 17-67, brows to lower lip) is cut out with its roll removed at
 * {@value #SIDE} x {@value #SIDE} pixels, the scale at which sharpness and light are judged, so
 * that a face of any size is measured alike; pose comes from where the nose tip sits between the
 * face's sides and between the eyes and the mouth.
 *
 * <p>Stateless; safe to share between threads.
 */
public final class QualityMeter {
  /** Side of the inner-face square that sharpness and light are measured on. */
  public static final int SIDE = 64;

  private static final FaceAligner INNER = FaceAligner.dlibChip(SIDE, 0);

  /**
   * Nose tip's depth in front of the eyes and mouth, as a share of the eye-to-mouth distance: how
   * far the nose moves up or down for a given tilt.
   */
  private static final double NOSE_DEPTH = 0.45;

  /** Where the nose tip sits between the eyes and the mouth on the template's level face. */
  private static final double LEVEL_NOSE = levelNose();

  private QualityMeter() {}

  /** The quality of the face at {@code box} with {@code landmarks}, found with {@code score}. */
  public static FaceQuality measure(
      BufferedImage picture, Box box, double score, Landmarks landmarks) {
    double[] luma = luma(INNER.align(picture, landmarks));
    double[] pose = pose(landmarks);
    return new FaceQuality(
        box.width(),
        sharpness(luma, SIDE),
        pose[0],
        pose[1],
        mean(luma, 0, SIDE, SIDE) / 255,
        evenness(luma, SIDE),
        score);
  }

  /**
   * Yaw and pitch in degrees, estimated from the landmarks: along the line between the eyes, how
   * far off centre the nose tip is between the face's two sides at eye level (points 0 and 16);
   * across it, how far the nose tip is from where a level face has it between the eyes and the
   * mouth.
   */
  static double[] pose(Landmarks l) {
    Point left = l.leftEyeCentre();
    Point right = l.rightEyeCentre();
    double eyes = left.distance(right);
    if (eyes == 0) {
      return new double[] {0, 0};
    }
    double ux = (right.x() - left.x()) / eyes;
    double uy = (right.y() - left.y()) / eyes;
    Point nose = l.noseTip();
    double toNose = along(l.get(0), nose, ux, uy);
    double fromNose = along(nose, l.get(16), ux, uy);
    double side = toNose + fromNose;
    double yaw = side <= 0 ? 0 : Math.toDegrees(Math.atan((toNose - fromNose) / side));
    // across: the direction perpendicular to the eyes' line, pointing down the face
    double vx = -uy;
    double vy = ux;
    Point mid = new Point((left.x() + right.x()) / 2, (left.y() + right.y()) / 2);
    double mouth = along(mid, l.mouthCentre(), vx, vy);
    double pitch =
        mouth <= 0
            ? 0
            : Math.toDegrees(
                Math.atan((along(mid, nose, vx, vy) / mouth - LEVEL_NOSE) / NOSE_DEPTH));
    return new double[] {yaw, pitch};
  }

  private static double along(Point from, Point to, double dx, double dy) {
    return (to.x() - from.x()) * dx + (to.y() - from.y()) * dy;
  }

  private static double levelNose() {
    double eyes = 0;
    double mouth = 0;
    for (int i = 36; i < 48; i++) {
      eyes += FaceTemplate.mean(i).y() / 12;
    }
    for (int i = 48; i < 68; i++) {
      mouth += FaceTemplate.mean(i).y() / 20;
    }
    return (FaceTemplate.mean(30).y() - eyes) / (mouth - eyes);
  }

  /**
   * The ratio of the Laplacian's root-mean-square to the gradient's over the square's inner pixels:
   * it does not change with contrast or brightness, and falls as edges spread over more pixels
   * (blur, or a face enlarged from too few pixels). 0 for a flat square.
   */
  static double sharpness(double[] p, int side) {
    double lap = 0;
    double grad = 0;
    for (int y = 1; y < side - 1; y++) {
      for (int x = 1; x < side - 1; x++) {
        int i = y * side + x;
        double gx = (p[i + 1] - p[i - 1]) / 2;
        double gy = (p[i + side] - p[i - side]) / 2;
        double l = p[i + 1] + p[i - 1] + p[i + side] + p[i - side] - 4 * p[i];
        lap += l * l;
        grad += gx * gx + gy * gy;
      }
    }
    return grad < 1e-9 ? 0 : Math.sqrt(lap / grad);
  }

  /** 1 minus the difference of the two halves' mean brightness over the brighter one's. */
  static double evenness(double[] p, int side) {
    double left = mean(p, 0, side / 2, side);
    double right = mean(p, side / 2, side, side);
    double brighter = Math.max(left, right);
    return brighter < 1 ? 0 : 1 - Math.abs(left - right) / brighter;
  }

  /** Mean over the columns {@code [x0, x1)} of every row. */
  private static double mean(double[] p, int x0, int x1, int side) {
    double sum = 0;
    for (int y = 0; y < side; y++) {
      for (int x = x0; x < x1; x++) {
        sum += p[y * side + x];
      }
    }
    return sum / (side * (double) (x1 - x0));
  }

  /** Luma (ITU-R BT.601) of every pixel, row by row. */
  static double[] luma(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    double[] out = new double[px.length];
    for (int i = 0; i < px.length; i++) {
      int c = px[i];
      out[i] = 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);
    }
    return out;
  }
}
