package dev.facenet.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Box;
import dev.facenet.common.Face;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker on boxes placed by hand, frame after frame. */
class TrackerTest {
  private static Face at(double x, double y) {
    return new Face(new Box(x, y, 100, 100), 0.99, null, null, "ssd", null);
  }

  @Test
  void overlapIsIntersectionOverUnion() {
    assertThat(Tracker.iou(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10))).isEqualTo(1.0);
    assertThat(Tracker.iou(new Box(0, 0, 10, 10), new Box(5, 0, 10, 10)))
        .isCloseTo(50.0 / 150, within(1e-12));
    assertThat(Tracker.iou(new Box(0, 0, 10, 10), new Box(10, 0, 10, 10))).isZero();
  }

  @Test
  void aFaceMovingFasterThanItsOverlapAllowsIsFollowedByItsSpeed() {
    Tracker t = new Tracker();
    // 60 px a frame on a 100 px box: consecutive boxes overlap by 0.25, under MIN_IOU; the
    // speed learned from the first steps carries the guess along
    Tracker.Step first = t.update(List.of(at(0, 0)), 0.0, 1);
    assertThat(first.appeared()).hasSize(1);
    int id = first.appeared().get(0).id;
    double x = 0;
    for (int k = 1; k <= 6; k++) {
      x += k == 1 ? 40 : 60; // a slower first step: the speed is learned as it grows
      Tracker.Step s = t.update(List.of(at(x, 0)), k * 0.1, 1);
      assertThat(s.appeared()).as("frame %d", k).isEmpty();
      assertThat(s.seen()).extracting(tr -> tr.id).containsExactly(id);
    }
  }

  @Test
  void twoFacesAreTwoTracksAndAFaceLeavesAfterTheTimeGiven() {
    Tracker t = new Tracker();
    Tracker.Step s = t.update(List.of(at(0, 0), at(300, 0)), 0.0, 0.5);
    assertThat(s.appeared()).hasSize(2);
    t.update(List.of(at(2, 0), at(302, 0)), 0.2, 0.5);
    Tracker.Step one = t.update(List.of(at(4, 0)), 0.4, 0.5);
    assertThat(one.left()).isEmpty(); // missed once: not gone yet
    assertThat(one.seen()).hasSize(1);
    Tracker.Step later = t.update(List.of(at(6, 0)), 0.8, 0.5);
    assertThat(later.left())
        .singleElement()
        .satisfies(tr -> assertThat(tr.missedSince).isEqualTo(0.4));
    // someone new where the gone face was is a new track
    Tracker.Step back = t.update(List.of(at(6, 0), at(300, 0)), 2.0, 0.5);
    assertThat(back.left()).hasSize(1); // the first face, unseen since 0.8
    assertThat(back.appeared()).hasSize(2);
    assertThat(back.appeared()).extracting(tr -> tr.id).containsExactly(3, 4);
    assertThat(t.endAll()).hasSize(2);
    assertThat(t.tracks()).isEmpty();
  }
}
