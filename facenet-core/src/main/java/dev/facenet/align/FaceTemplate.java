package dev.facenet.align;

import dev.facenet.common.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * dlib's mean face: where landmarks 17..67 of the 68-point scheme sit on average, each coordinate
 * scaled to 0..1 (the template of dlib's {@code get_face_chip_details}, the alignment the face-api
 * ResNet was trained with). Alignment fits the landmarks to it with the points dlib uses: the nose,
 * the eyes and the outer mouth (27..54) and the upper inner lip (60..64); brows, jaw and lower lip
 * are left out.
 */
public final class FaceTemplate {
  /** First landmark index the template covers. */
  public static final int FIRST = 17;

  private static final double[] MEAN_X = {
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991,
        0.98004,
    0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373,
        0.121737,
    0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516,
        0.79751,
    0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159,
        0.556721,
    0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364,
        0.490127,
    0.42689
  };
  private static final double[] MEAN_Y = {
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
        0.106454,
    0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326,
        0.216423,
    0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423,
        0.244077,
    0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
        0.902192,
    0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182,
        0.831803,
    0.824182
  };

  /** The landmark indices the fit uses, in order: 27..54, then 60..64 (33 points). */
  public static final List<Integer> FIT_INDICES = fitIndices();

  private FaceTemplate() {}

  private static List<Integer> fitIndices() {
    List<Integer> out = new ArrayList<>();
    for (int i = 27; i <= 54; i++) {
      out.add(i);
    }
    for (int i = 60; i <= 64; i++) {
      out.add(i);
    }
    return List.copyOf(out);
  }

  /** The mean position of landmark {@code index} (17..67), 0..1 on both axes. */
  public static Point mean(int index) {
    if (index < FIRST || index >= FIRST + MEAN_X.length) {
      throw new IllegalArgumentException("the template covers landmarks 17..67, not " + index);
    }
    return new Point(MEAN_X[index - FIRST], MEAN_Y[index - FIRST]);
  }

  /**
   * Where landmark {@code index} lands in a square chip of {@code size} pixels with {@code padding}
   * (a share of the template's extent added on every side), as dlib places it: ((padding + mean) /
   * (1 + 2 padding)) * size.
   */
  public static Point inChip(int index, int size, double padding) {
    Point m = mean(index);
    double d = 1 + 2 * padding;
    return new Point((padding + m.x()) / d * size, (padding + m.y()) / d * size);
  }

  /** Centre of a chip eye: the mean of the chip positions of {@code first}..{@code first + 5}. */
  static Point eyeInChip(int first, int size, double padding) {
    double x = 0;
    double y = 0;
    for (int i = first; i < first + 6; i++) {
      Point p = inChip(i, size, padding);
      x += p.x();
      y += p.y();
    }
    return new Point(x / 6, y / 6);
  }
}
