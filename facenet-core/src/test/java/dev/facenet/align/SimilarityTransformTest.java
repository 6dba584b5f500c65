package dev.facenet.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {

  private static List<Point> randomPoints(Random r, int n) {
    List<Point> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(new Point(r.nextDouble() * 200 - 50, r.nextDouble() * 300 - 100));
    }
    return p;
  }

  private static List<Point> map(SimilarityTransform t, List<Point> points) {
    return points.stream().map(t::apply).toList();
  }

  private static double sumSquared(SimilarityTransform t, List<Point> from, List<Point> to) {
    double s = 0;
    for (int i = 0; i < from.size(); i++) {
      Point p = t.apply(from.get(i));
      s += Math.pow(p.x() - to.get(i).x(), 2) + Math.pow(p.y() - to.get(i).y(), 2);
    }
    return s;
  }

  @Test
  void recoversAKnownSimilarityExactly() {
    Random r = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      double scale = 0.1 + r.nextDouble() * 5;
      double angle = (r.nextDouble() * 2 - 1) * Math.PI;
      SimilarityTransform truth =
          SimilarityTransform.of(
              scale, angle, r.nextDouble() * 1000 - 500, r.nextDouble() * 1000 - 500);
      List<Point> from = randomPoints(r, 2 + r.nextInt(40));
      SimilarityTransform fitted = SimilarityTransform.fit(from, map(truth, from));
      assertThat(fitted.a()).isCloseTo(truth.a(), within(1e-9));
      assertThat(fitted.b()).isCloseTo(truth.b(), within(1e-9));
      assertThat(fitted.tx()).isCloseTo(truth.tx(), within(1e-7));
      assertThat(fitted.ty()).isCloseTo(truth.ty(), within(1e-7));
      assertThat(fitted.scale()).isCloseTo(scale, within(1e-9));
      assertThat(Math.cos(fitted.angle() - angle)).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void withNoiseItIsTheLeastSquaresOptimum() {
    Random r = new Random(11);
    List<Point> from = randomPoints(r, 33);
    SimilarityTransform truth = SimilarityTransform.of(1.7, 0.4, 30, -12);
    List<Point> to =
        map(truth, from).stream()
            .map(p -> new Point(p.x() + r.nextGaussian() * 3, p.y() + r.nextGaussian() * 3))
            .toList();
    SimilarityTransform fitted = SimilarityTransform.fit(from, to);
    double best = sumSquared(fitted, from, to);
    // Any nudge of any of the four parameters makes the fit worse.
    double e = 1e-4;
    for (double[] d :
        new double[][] {
          {e, 0, 0, 0},
          {-e, 0, 0, 0},
          {0, e, 0, 0},
          {0, -e, 0, 0},
          {0, 0, e, 0},
          {0, 0, -e, 0},
          {0, 0, 0, e},
          {0, 0, 0, -e}
        }) {
      SimilarityTransform other =
          new SimilarityTransform(
              fitted.a() + d[0], fitted.b() + d[1], fitted.tx() + d[2], fitted.ty() + d[3]);
      assertThat(sumSquared(other, from, to)).isGreaterThan(best);
    }
    assertThat(fitted.scale()).isCloseTo(1.7, within(0.05));
    assertThat(fitted.angle()).isCloseTo(0.4, within(0.05));
  }

  @Test
  void inverseAndCompositionUndoEachOther() {
    SimilarityTransform t = SimilarityTransform.of(2.5, -1.1, 14, 99);
    SimilarityTransform id = t.inverse().after(t);
    Point p = new Point(123.4, -56.7);
    Point back = id.apply(p);
    assertThat(back.x()).isCloseTo(p.x(), within(1e-10));
    assertThat(back.y()).isCloseTo(p.y(), within(1e-10));
    Point q = t.apply(p);
    Point expected =
        new Point(
            2.5 * (Math.cos(-1.1) * p.x() - Math.sin(-1.1) * p.y()) + 14,
            2.5 * (Math.sin(-1.1) * p.x() + Math.cos(-1.1) * p.y()) + 99);
    assertThat(q.x()).isCloseTo(expected.x(), within(1e-10));
    assertThat(q.y()).isCloseTo(expected.y(), within(1e-10));
  }

  @Test
  void refusesDegenerateInput() {
    List<Point> same = List.of(new Point(1, 1), new Point(1, 1), new Point(1, 1));
    assertThatThrownBy(() -> SimilarityTransform.fit(same, same))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all equal");
    assertThatThrownBy(
            () -> SimilarityTransform.fit(List.of(new Point(0, 0)), List.of(new Point(1, 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
