package dev.facenet.common;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Which face of a picture with several is "the" face: the largest box (by area), and between boxes
 * of the same area the more confident one. Inference ({@code FaceNet.encode}, verify, enroll with
 * {@code --largest}) and the training chips use this one rule, so a network is trained on the face
 * it will later be shown. The largest wins over the most confident because the face a picture is
 * about is usually the one nearest the camera, while a detector can be surest of a small, sharp
 * face in the background.
 */
public final class FaceChoice {
  private FaceChoice() {}

  /**
   * The main face of {@code faces}, or empty when there is none.
   *
   * @param box where a face is
   * @param score how sure the detector was of it (NaN counts as less than any number)
   */
  public static <T> Optional<T> main(
      List<T> faces, Function<T, Box> box, ToDoubleFunction<T> score) {
    Comparator<T> byArea = Comparator.comparingDouble(f -> box.apply(f).area());
    ToDoubleFunction<T> confidence =
        f -> {
          double s = score.applyAsDouble(f);
          return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
        };
    return faces.stream().max(byArea.thenComparingDouble(confidence));
  }
}
