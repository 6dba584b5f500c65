package dev.facenet.detect;

import dev.facenet.common.Box;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.IntStream;

/**
 * Greedy non-maximum suppression, the way both of face-api's detectors thin out overlapping
 * candidates: take candidates by falling score and keep one unless it overlaps an already kept box
 * by more than the IoU threshold. Equal scores keep the order they came in (a stable sort), so
 * callers decide ties.
 */
public final class Nms {
  private Nms() {}

  /**
   * Indices of the kept candidates, highest score first.
   *
   * @param boxes candidate boxes, all in the same units
   * @param scores their scores, same order
   * @param iouThreshold a candidate overlapping a kept box by more than this is dropped
   * @param maxResults at most this many are kept
   */
  public static List<Integer> select(
      List<Box> boxes, double[] scores, double iouThreshold, int maxResults) {
    return select(boxes, scores, iouThreshold, maxResults, Nms::iou);
  }

  /**
   * As {@link #select(List, double[], double, int)} with another overlap measure, e.g. MTCNN's last
   * stage uses {@link #overlapOfSmaller}.
   */
  public static List<Integer> select(
      List<Box> boxes,
      double[] scores,
      double threshold,
      int maxResults,
      ToDoubleBiFunction<Box, Box> overlap) {
    if (boxes.size() != scores.length) {
      throw new IllegalArgumentException(boxes.size() + " boxes but " + scores.length + " scores");
    }
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    // Arrays.sort on objects is stable: equal scores stay in input order.
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    List<Integer> kept = new ArrayList<>();
    for (int candidate : order) {
      if (kept.size() >= maxResults) {
        break;
      }
      boolean overlaps = false;
      for (int k : kept) {
        if (overlap.applyAsDouble(boxes.get(candidate), boxes.get(k)) > threshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  /** The intersection over the smaller box's area; 0 when either box is empty. */
  public static double overlapOfSmaller(Box a, Box b) {
    double areaA = Math.abs(a.area());
    double areaB = Math.abs(b.area());
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double w =
        Math.max(
            0,
            Math.min(Math.max(a.x(), a.right()), Math.max(b.x(), b.right()))
                - Math.max(Math.min(a.x(), a.right()), Math.min(b.x(), b.right())));
    double h =
        Math.max(
            0,
            Math.min(Math.max(a.y(), a.bottom()), Math.max(b.y(), b.bottom()))
                - Math.max(Math.min(a.y(), a.bottom()), Math.min(b.y(), b.bottom())));
    return w * h / Math.min(areaA, areaB);
  }

  /** Intersection over union; 0 when either box is empty. Corners may come in either order. */
  public static double iou(Box a, Box b) {
    double aLeft = Math.min(a.x(), a.right());
    double aRight = Math.max(a.x(), a.right());
    double aTop = Math.min(a.y(), a.bottom());
    double aBottom = Math.max(a.y(), a.bottom());
    double bLeft = Math.min(b.x(), b.right());
    double bRight = Math.max(b.x(), b.right());
    double bTop = Math.min(b.y(), b.bottom());
    double bBottom = Math.max(b.y(), b.bottom());
    double areaA = (aRight - aLeft) * (aBottom - aTop);
    double areaB = (bRight - bLeft) * (bBottom - bTop);
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double w = Math.max(0, Math.min(aRight, bRight) - Math.max(aLeft, bLeft));
    double h = Math.max(0, Math.min(aBottom, bBottom) - Math.max(aTop, bTop));
    double inter = w * h;
    return inter / (areaA + areaB - inter);
  }
}
