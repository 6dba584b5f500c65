package dev.facenet.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

  @Test
  void iouOfHandMadeBoxes() {
    Box a = new Box(0, 0, 2, 2);
    assertThat(Nms.iou(a, a)).isEqualTo(1.0);
    // Overlap 1 x 2 = 2, union 4 + 4 - 2 = 6.
    assertThat(Nms.iou(a, new Box(1, 0, 2, 2))).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(Nms.iou(a, new Box(5, 5, 1, 1))).isZero();
    assertThat(Nms.iou(a, new Box(2, 0, 2, 2))).as("touching edges").isZero();
    // Inverted corners (negative size) are read as the same rectangle.
    assertThat(Nms.iou(a, new Box(2, 2, -2, -2))).isEqualTo(1.0);
    assertThat(Nms.iou(a, new Box(0, 0, 0, 2))).as("empty box").isZero();
  }

  @Test
  void keepsTheBestOfEachOverlappingGroupInScoreOrder() {
    List<Box> boxes =
        List.of(
            new Box(0, 0, 10, 10), // 0: face A, weaker
            new Box(50, 50, 10, 10), // 1: face B
            new Box(1, 0, 10, 10), // 2: face A, best (IoU with 0 is 90/110 = 0.82)
            new Box(5, 0, 10, 10)); // 3: IoU with 2 is 60/140 = 0.43, kept at 0.5, dropped at 0.4
    double[] scores = {0.8, 0.7, 0.9, 0.6};
    assertThat(Nms.select(boxes, scores, 0.5, 100)).containsExactly(2, 1, 3);
    assertThat(Nms.select(boxes, scores, 0.4, 100)).containsExactly(2, 1);
    assertThat(Nms.select(boxes, scores, 0.5, 2)).containsExactly(2, 1);
  }

  @Test
  void overlapEqualToTheThresholdIsKept() {
    // IoU exactly 1/3: face-api drops a box only when the overlap is MORE than the threshold.
    List<Box> boxes = List.of(new Box(0, 0, 2, 2), new Box(1, 0, 2, 2));
    assertThat(Nms.select(boxes, new double[] {0.9, 0.8}, 1.0 / 3, 10)).containsExactly(0, 1);
  }

  @Test
  void equalScoresKeepTheirInputOrder() {
    List<Box> boxes = List.of(new Box(0, 0, 2, 2), new Box(0, 0, 2, 2), new Box(9, 9, 1, 1));
    assertThat(Nms.select(boxes, new double[] {0.7, 0.7, 0.7}, 0.5, 10)).containsExactly(0, 2);
  }

  @Test
  void overlapOfTheSmallerBoxDropsABoxInsideABiggerOne() {
    // A 4x4 box inside a 10x10 one: IoU 16/100 = 0.16, but all of the smaller box is covered.
    Box big = new Box(0, 0, 10, 10);
    Box inside = new Box(2, 2, 4, 4);
    assertThat(Nms.overlapOfSmaller(big, inside)).isEqualTo(1.0);
    assertThat(Nms.overlapOfSmaller(new Box(0, 0, 4, 4), new Box(2, 0, 4, 4))).isEqualTo(0.5);
    assertThat(Nms.overlapOfSmaller(big, new Box(20, 20, 1, 1))).isZero();
    List<Box> boxes = List.of(big, inside);
    double[] scores = {0.9, 0.8};
    assertThat(Nms.select(boxes, scores, 0.7, 10)).containsExactly(0, 1);
    assertThat(Nms.select(boxes, scores, 0.7, 10, Nms::overlapOfSmaller)).containsExactly(0);
  }
}
