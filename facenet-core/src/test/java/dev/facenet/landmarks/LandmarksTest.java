package dev.facenet.landmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LandmarksTest {

  /** Point i at (i, 2i): every helper's answer can be worked out by hand. */
  private static Landmarks ramp() {
    List<Point> p = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      p.add(new Point(i, 2 * i));
    }
    return new Landmarks(p);
  }

  @Test
  void helpersAverageTheRightPoints() {
    Landmarks l = ramp();
    assertThat(l.leftEyeCentre()).isEqualTo(new Point(38.5, 77)); // mean of 36..41
    assertThat(l.rightEyeCentre()).isEqualTo(new Point(44.5, 89)); // mean of 42..47
    assertThat(l.mouthCentre()).isEqualTo(new Point(57.5, 115)); // mean of 48..67
    assertThat(l.noseTip()).isEqualTo(new Point(30, 60));
    assertThat(l.interocularDistance()).isCloseTo(Math.hypot(6, 12), within(1e-12));
    assertThat(l.toArray()[67]).containsExactly(67, 134);
    assertThat(l.maxDistance(l)).isZero();
  }

  @Test
  void exactlySixtyEightPointsAndImmutable() {
    List<Point> p = new ArrayList<>(ramp().points());
    p.remove(0);
    assertThatThrownBy(() -> new Landmarks(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("68");
    assertThatThrownBy(() -> ramp().points().add(new Point(0, 0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
