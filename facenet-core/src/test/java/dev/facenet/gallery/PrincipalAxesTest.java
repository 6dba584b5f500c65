package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrincipalAxesTest {

  @Test
  void findsOrthonormalAxesInOrderOfSpread() {
    int dim = 16;
    int rows = 5000;
    SplittableRandom random = new SplittableRandom(3);
    // spread 5 along a chosen direction, 2 along a second one orthogonal to it, 0.1 elsewhere
    float[] first = new float[dim];
    float[] second = new float[dim];
    for (int d = 0; d < dim; d++) {
      first[d] = (float) (1 / Math.sqrt(dim));
      second[d] = (float) ((d % 2 == 0 ? 1 : -1) / Math.sqrt(dim));
    }
    float[] values = new float[rows * dim];
    for (int i = 0; i < rows; i++) {
      double a = random.nextGaussian() * 5;
      double b = random.nextGaussian() * 2;
      for (int d = 0; d < dim; d++) {
        values[i * dim + d] =
            (float) (3 + a * first[d] + b * second[d] + random.nextGaussian() * 0.1);
      }
    }
    PrincipalAxes axes = PrincipalAxes.fit(values, rows, dim, 20_000, 4);
    assertThat(axes.mean()[0]).isCloseTo(3f, within(0.2f));
    float[] basis = axes.basis();
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        double dot = 0;
        for (int d = 0; d < dim; d++) {
          dot += basis[a * dim + d] * basis[b * dim + d];
        }
        assertThat(dot).as("axes %d . %d", a, b).isCloseTo(a == b ? 1 : 0, within(1e-4));
      }
    }
    assertThat(Math.abs(dot(basis, 0, first))).isCloseTo(1, within(0.01));
    assertThat(Math.abs(dot(basis, dim, second))).isCloseTo(1, within(0.01));
  }

  private static double dot(float[] basis, int at, float[] v) {
    double s = 0;
    for (int d = 0; d < v.length; d++) {
      s += basis[at + d] * v[d];
    }
    return s;
  }
}
