package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Triplet selection on hand-made encodings whose distances are worked out by hand. */
class TripletSelectorTest {

  /** Encodings on a line: the squared distance of x and y is (x - y)^2. */
  private static float[][] line(double... x) {
    float[][] e = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      e[i] = new float[] {(float) x[i]};
    }
    return TripletSelector.squaredDistances(e);
  }

  private static Triplet forPair(List<Triplet> ts, int a, int p) {
    List<Triplet> m = ts.stream().filter(t -> t.anchor() == a && t.positive() == p).toList();
    assertThat(m).as("triplets for anchor %d, positive %d", a, p).hasSizeLessThanOrEqualTo(1);
    return m.isEmpty() ? null : m.get(0);
  }

  @Test
  void semiHardPicksTheNearestNegativeFartherThanThePositiveWithinTheMargin() {
    // 0: anchor (person 0) at 0.0, 1: its positive at 0.3 -> d(a,p) = 0.09, window (0.09, 0.29).
    // Negatives: 2 at 0.2 (0.04, hard), 3 at 0.4 (0.16, semi-hard), 4 at 0.35 (0.1225, semi-hard,
    // nearest),
    // 5 at 0.7 (0.49, easy).
    float[][] d = line(0.0, 0.3, 0.2, 0.4, 0.35, 0.7);
    int[] labels = {0, 0, 1, 1, 2, 2};
    List<Triplet> ts = new TripletSelector(Mining.SEMI_HARD, 0.2f).select(d, labels);
    assertThat(forPair(ts, 0, 1)).isEqualTo(new Triplet(0, 1, 4));
    // Anchor 1 (0.3), positive 0 -> d = 0.09; from 0.3: 2 -> 0.01, 3 -> 0.01, 4 -> 0.0025 (all
    // hard),
    // 5 -> 0.16 (semi-hard): 5.
    assertThat(forPair(ts, 1, 0)).isEqualTo(new Triplet(1, 0, 5));
    // Anchor 2 (0.2, person 1), positive 3 (0.4) -> d = 0.04, window (0.04, 0.24); negatives of
    // person 1:
    // 0 -> 0.04 (not farther: hard), 1 -> 0.01 (hard), 4 -> 0.0225 (hard), 5 -> 0.25 (beyond).
    // No semi-hard: fallback to the farthest hard one, 0 (0.04, equal to d(a,p)).
    assertThat(forPair(ts, 2, 3)).isEqualTo(new Triplet(2, 3, 0));
  }

  @Test
  void semiHardFallsBackToTheLeastHardNegativeAndSkipsPairsWithNothingToLearn() {
    // Person 0: 0 at 0.0, 1 at 1.0 (d = 1, window (1, 1.2)); person 1: 2 at 0.5 (0.25), 3 at 0.8
    // (0.64);
    // person 2: 4 at 2.5 (6.25), 5 at 2.6.
    float[][] d = line(0.0, 1.0, 0.5, 0.8, 2.5, 2.6);
    int[] labels = {0, 0, 1, 1, 2, 2};
    List<Triplet> ts = new TripletSelector(Mining.SEMI_HARD, 0.2f).select(d, labels);
    // Nothing in the window; the hard ones are 2 (0.25) and 3 (0.64): the least hard is 3.
    assertThat(forPair(ts, 0, 1)).isEqualTo(new Triplet(0, 1, 3));
    // Anchor 4 (2.5), positive 5 (2.6): d = 0.01, window (0.01, 0.21); nearest negative 1 at 2.25:
    // nothing
    // to learn, so no triplet for this pair.
    assertThat(forPair(ts, 4, 5)).isNull();
    assertThat(forPair(ts, 5, 4)).isNull();
  }

  @Test
  void semiHardBreaksTiesTowardsTheLowerIndex() {
    // Anchor 0 at 0, positive 1 at 0.1 (0.01); negatives 2 and 3 both at 0.2 (0.04, semi-hard).
    float[][] d = line(0.0, 0.1, 0.2, -0.2);
    int[] labels = {0, 0, 1, 1};
    List<Triplet> ts = new TripletSelector(Mining.SEMI_HARD, 0.2f).select(d, labels);
    assertThat(forPair(ts, 0, 1)).isEqualTo(new Triplet(0, 1, 2));
  }

  @Test
  void batchHardPicksTheFarthestPositiveAndNearestNegativePerAnchor() {
    // Person 0: 0 at 0.0, 1 at 0.1, 2 at 0.5; person 1: 3 at 0.35, 4 at 0.9.
    float[][] d = line(0.0, 0.1, 0.5, 0.35, 0.9);
    int[] labels = {0, 0, 0, 1, 1};
    List<Triplet> ts = new TripletSelector(Mining.BATCH_HARD, 0.2f).select(d, labels);
    assertThat(ts)
        .containsExactly(
            new Triplet(
                0, 2,
                3), // from 0: positives 1 (0.1), 2 (0.5) -> 2; negatives 3 (0.35), 4 (0.9) -> 3
            new Triplet(
                1, 2,
                3), // from 0.1: positives 0 (0.1), 2 (0.4) -> 2; negatives 3 (0.25), 4 (0.8) -> 3
            new Triplet(
                2, 0,
                3), // from 0.5: positives 0 (0.5), 1 (0.4) -> 0; negatives 3 (0.15), 4 (0.4) -> 3
            new Triplet(
                3, 4, 2), // from 0.35: positive 4; negatives 0 (0.35), 1 (0.25), 2 (0.15) -> 2
            new Triplet(4, 3, 2)); // from 0.9: positive 3; negatives 0 (0.9), 1 (0.8), 2 (0.4) -> 2
  }

  @Test
  void allListsEveryValidTriplet() {
    int[] labels = {0, 0, 0, 1, 1, 2};
    float[][] d = line(0, 1, 2, 3, 4, 5);
    List<Triplet> ts = new TripletSelector(Mining.ALL, 0.2f).select(d, labels);
    // Person 0: 3 anchors x 2 positives x 3 negatives; person 1: 2 x 1 x 4; person 2: no positive.
    assertThat(ts).hasSize(3 * 2 * 3 + 2 * 1 * 4);
    assertThat(ts)
        .allSatisfy(
            t -> {
              assertThat(labels[t.anchor()]).isEqualTo(labels[t.positive()]);
              assertThat(t.anchor()).isNotEqualTo(t.positive());
              assertThat(labels[t.negative()]).isNotEqualTo(labels[t.anchor()]);
            });
    assertThat(ts).doesNotHaveDuplicates();
  }

  @Test
  void activeShareCountsTheValidTripletsThatStillHaveALoss() {
    // Person 0 at 0 and 0.1 (d = 0.01); person 1 at 0.2 and 2.0.
    // Valid triplets: (0,1,2): 0.01 - 0.04 + 0.2 > 0 active; (0,1,3): 0.01 - 4 + 0.2 < 0;
    // (1,0,2): 0.01 - 0.01 + 0.2 > 0 active; (1,0,3): 0.01 - 3.61 + 0.2 < 0;
    // (2,3,0): 3.24 - 0.04 + 0.2 > 0; (2,3,1): active; (3,2,0): 3.24 - 4 + 0.2 < 0; (3,2,1): 3.24 -
    // 3.61 + 0.2 < 0.
    float[][] d = line(0.0, 0.1, 0.2, 2.0);
    int[] labels = {0, 0, 1, 1};
    assertThat(new TripletSelector(Mining.SEMI_HARD, 0.2f).activeShare(d, labels))
        .isEqualTo(4f / 8f);
  }
}
