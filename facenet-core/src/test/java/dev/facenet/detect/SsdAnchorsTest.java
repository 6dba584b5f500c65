package dev.facenet.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.weights.FaceApiWeights;
import org.junit.jupiter.api.Test;

/**
 * The SSD reads its 5118 anchors from the weights ({@code Output/extra_dim}); this regenerates them
 * from the SSD recipe (scales 0.2..0.95 over six feature maps 32..1, aspect ratios, order row,
 * column, anchor) to show the detector's decoding assumes the right order and layout [ymin, xmin,
 * ymax, xmax]. Within 1e-4: the stored anchors were computed in float (the ratio 1/3 ones differ by
 * 1.5e-5).
 */
class SsdAnchorsTest {

  @Test
  void anchorsInTheWeightsFollowTheSsdRecipe() {
    float[] stored =
        FaceApiWeights.bundled("ssd_mobilenetv1_model")
            .get("Output/extra_dim", 1, SsdMobilenetV1Detector.ANCHORS, 4)
            .data();
    int[] maps = {32, 16, 8, 4, 2, 1};
    double[] s = new double[7];
    for (int k = 0; k < 6; k++) {
      s[k] = 0.2 + 0.75 * k / 5;
    }
    s[6] = 1;
    int n = 0;
    for (int layer = 0; layer < 6; layer++) {
      double[][] shapes =
          layer == 0
              ? new double[][] {{0.1, 1}, {0.2, 2}, {0.2, 0.5}}
              : new double[][] {
                {s[layer], 1},
                {Math.sqrt(s[layer] * s[layer + 1]), 1},
                {s[layer], 2},
                {s[layer], 0.5},
                {s[layer], 3},
                {s[layer], 1.0 / 3}
              };
      int f = maps[layer];
      for (int i = 0; i < f; i++) {
        for (int j = 0; j < f; j++) {
          for (double[] shape : shapes) {
            double h = shape[0] / Math.sqrt(shape[1]);
            double w = shape[0] * Math.sqrt(shape[1]);
            double yc = (i + 0.5) / f;
            double xc = (j + 0.5) / f;
            double[] want = {yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2};
            for (int c = 0; c < 4; c++) {
              assertThat((double) stored[4 * n + c])
                  .as("anchor %d value %d", n, c)
                  .isCloseTo(want[c], within(1e-4));
            }
            n++;
          }
        }
      }
    }
    assertThat(n).isEqualTo(SsdMobilenetV1Detector.ANCHORS);
  }
}
