package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facenet.nn.Torch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The teacher's targets on hand-made encodings: centred on their mean, on the unit sphere, and the
 * batch term.
 */
class TeacherTargetsTest {
  private static final Path A1 = Path.of("a/1.pgm");
  private static final Path A2 = Path.of("a/2.pgm");
  private static final Path B1 = Path.of("b/1.pgm");

  /** Three raw encodings in a narrow cone around (10, 10, 0), as face-api's are. */
  private static Map<Path, float[]> raw() {
    Map<Path, float[]> raw = new LinkedHashMap<>();
    raw.put(A1, new float[] {11, 10, 0});
    raw.put(A2, new float[] {11, 10, 1});
    raw.put(B1, new float[] {8, 10, -1});
    return raw;
  }

  @Test
  void targetsAreCentredOnTheTrainingPicturesAndNormalised() {
    TeacherTargets t = TeacherTargets.of("resnet", raw(), 2f);
    // The mean is (10, 10, 0): A1 -> (1, 0, 0), A2 -> (1, 0, 1)/sqrt 2, B1 -> (-2, 0, -1)/sqrt 5.
    assertThat(t.target(A1)).containsExactly(new float[] {1, 0, 0}, within(1e-6f));
    float r2 = (float) (1 / Math.sqrt(2));
    assertThat(t.target(A2)).containsExactly(new float[] {r2, 0, r2}, within(1e-6f));
    float r5 = (float) (1 / Math.sqrt(5));
    assertThat(t.target(B1)).containsExactly(new float[] {-2 * r5, 0, -r5}, within(1e-6f));
    assertThat(t.dimension()).isEqualTo(3);
    assertThat(t.model()).isEqualTo("resnet");
    // Raw, A1 and B1 are 0.96 apart in cosine; centred, they point away from each other.
    assertThat(dot(t.target(A1), t.target(B1))).isLessThan(0f);
    // The same picture named another way (./a/1.pgm) finds its target.
    assertThat(t.target(Path.of("./a/../a/1.pgm"))).isEqualTo(t.target(A1));
  }

  @Test
  void theBatchTermIsTheWeightTimesTheSquaredDistancesToTheTargets() {
    TeacherTargets t = TeacherTargets.of("resnet", raw(), 2f);
    float[] emb = {0, 1, 0, 0, 0, 1};
    try (NDManager m = Torch.newManager()) {
      NDArray loss = t.loss(m, m.create(emb, new Shape(2, 3)), List.of(A1, B1));
      float[] ta = t.target(A1);
      float[] tb = t.target(B1);
      double expected =
          2
              * (sq(0 - ta[0])
                  + sq(1 - ta[1])
                  + sq(0 - ta[2])
                  + sq(0 - tb[0])
                  + sq(0 - tb[1])
                  + sq(1 - tb[2]));
      assertThat((double) loss.getFloat()).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void aPictureTheTeacherDidNotEncodeIsAnError() {
    TeacherTargets t = TeacherTargets.of("resnet", raw(), 1f);
    assertThatThrownBy(() -> t.target(Path.of("c/1.pgm")))
        .hasMessageContaining("no encoding of c/1.pgm");
    assertThatThrownBy(() -> TeacherTargets.of("resnet", Map.of(), 1f))
        .hasMessageContaining("encoded no picture");
  }

  private static double sq(double v) {
    return v * v;
  }

  private static float dot(float[] x, float[] y) {
    float s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
