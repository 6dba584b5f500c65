package dev.facenet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A network call that gives back values that are not finite is run once more, and a second such
 * result is an error rather than a silent answer (a NaN score fails every threshold).
 */
class FiniteOutputsTest {
  private static Deque<float[][]> results(float[][]... in) {
    return new ArrayDeque<>(List.of(in));
  }

  @Test
  void finiteValuesComeBackFromTheFirstRun() {
    Deque<float[][]> runs = results(new float[][] {{0.1f, 0.9f}}, new float[][] {{9f}});
    assertThat(FiniteOutputs.of("net", runs::pop)).isDeepEqualTo(new float[][] {{0.1f, 0.9f}});
    assertThat(runs).hasSize(1);
  }

  @Test
  void aBatchOfNaNIsRunAgain() {
    Deque<float[][]> runs =
        results(new float[][] {{Float.NaN, Float.NaN}, {0f}}, new float[][] {{0.2f, 0.8f}, {0f}});
    assertThat(FiniteOutputs.of("net", runs::pop))
        .isDeepEqualTo(new float[][] {{0.2f, 0.8f}, {0f}});
    assertThat(runs).isEmpty();
  }

  @Test
  void notFiniteTwiceIsAnError() {
    Deque<float[][]> runs =
        results(
            new float[][] {{Float.POSITIVE_INFINITY}},
            new float[][] {{Float.NaN, 1f, Float.NEGATIVE_INFINITY}});
    assertThatThrownBy(() -> FiniteOutputs.of("MTCNN's rnet", runs::pop))
        .isInstanceOf(FaceNetException.class)
        .hasMessage("MTCNN's rnet gave 2 values that are not finite numbers, twice in a row");
  }
}
