package dev.facenet.evaluate;

import static dev.facenet.evaluate.ScoredPair.different;
import static dev.facenet.evaluate.ScoredPair.same;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Accuracy, best threshold, ROC, AUC, EER, TAR at FAR and k-fold on distance lists worked out by
 * hand.
 */
class MetricsTest {
  private static final double EPS = 1e-12;

  /*
   * Eight pairs, sorted by distance (S = same person, D = different):
   *   0.1 S, 0.2 S, 0.3 S, 0.4 D, 0.5 D, 0.6 S, 0.7 D, 0.8 D       (4 S, 4 D)
   * Accepting d < t:
   *   t = 0.35 accepts the three S under 0.35: 3 S right + 4 D right = 7/8 = 0.875 (the best)
   *   t = 0.65 accepts 0.1..0.6: 4 S right + 2 D right (0.7, 0.8) = 6/8 = 0.75
   *   t = 0.1 (nothing accepted): 4/8 = 0.5
   * ROC points (FAR, TAR) after each distance: (0,0) (0,.25) (0,.5) (0,.75) (.25,.75) (.5,.75) (.5,1) (.75,1) (1,1)
   * AUC = 0.5 * 0.75 (FAR 0..0.5) + 0.5 * 1 (FAR 0.5..1) = 0.875; check: same-closer-than-different pairs
   *   0.1, 0.2, 0.3 beat all 4 D, 0.6 beats 0.7 and 0.8: 14 of 16 = 0.875.
   * EER: FAR = FRR = 1 - TAR at the point (0.25, 0.75) (after 0.4 D): EER = 0.25, threshold 0.45.
   * TAR at FAR <= 0.1%: 0.75 (threshold 0.35); at FAR <= 25%: still 0.75, the lowest threshold 0.35;
   * at FAR <= 50%: 1.0 (threshold 0.65).
   */
  private static final List<ScoredPair> EIGHT =
      List.of(
          same(0.6),
          different(0.4),
          same(0.1),
          different(0.8),
          same(0.3),
          different(0.5),
          same(0.2),
          different(0.7));

  @Test
  void accuracyAtAThreshold() {
    assertThat(Verifier.accuracy(EIGHT, 0.35)).isEqualTo(0.875);
    assertThat(Verifier.accuracy(EIGHT, 0.65)).isEqualTo(0.75);
    assertThat(Verifier.accuracy(EIGHT, 0.1))
        .isEqualTo(0.5); // 0.1 is not under 0.1: nothing accepted
    assertThat(Verifier.accuracy(EIGHT, 10)).isEqualTo(0.5);
  }

  @Test
  void bestThresholdIsTheMiddleOfTheBestGap() {
    Verifier.ThresholdChoice best = Verifier.bestThreshold(EIGHT);
    assertThat(best.threshold()).isCloseTo(0.35, within(EPS));
    assertThat(best.accuracy()).isEqualTo(0.875);
  }

  @Test
  void rocAucEerAndTarAtFar() {
    Roc roc = Roc.of(EIGHT);
    assertThat(roc.points())
        .extracting(RocPoint::far)
        .containsExactly(0.0, 0.0, 0.0, 0.0, 0.25, 0.5, 0.5, 0.75, 1.0);
    assertThat(roc.points())
        .extracting(RocPoint::tar)
        .containsExactly(0.0, 0.25, 0.5, 0.75, 0.75, 0.75, 1.0, 1.0, 1.0);
    assertThat(roc.auc()).isCloseTo(0.875, within(EPS));
    assertThat(roc.eer()).isCloseTo(0.25, within(EPS));
    assertThat(roc.eerPoint().threshold()).isCloseTo(0.45, within(EPS));
    assertThat(roc.tarAtFar(0.001)).isEqualTo(0.75);
    assertThat(roc.thresholdForFar(0.001)).isCloseTo(0.35, within(EPS));
    assertThat(roc.thresholdForFar(0.25)).isCloseTo(0.35, within(EPS));
    assertThat(roc.tarAtFar(0.5)).isEqualTo(1.0);
    assertThat(roc.thresholdForFar(0.5)).isCloseTo(0.65, within(EPS));
    assertThat(roc.at(0.65)).isEqualTo(new RocPoint(0.65, 0.5, 1.0));
  }

  /*
   * Ties: 0.1 S, {0.3 S, 0.3 D}, 0.5 D. The tied group is one diagonal step of the curve:
   * points (0,0) (0,.5) (.5,1) (1,1). AUC = 0.5 * (0.5 + 1) / 2 + 0.5 * 1 = 0.875; check with ties counting
   * one half: (0.1<0.3) + (0.1<0.5) + (0.3=0.3: 1/2) + (0.3<0.5) = 3.5 of 4 = 0.875.
   * EER on the diagonal segment from (0,.5) to (.5,1): FAR - FRR = FAR + TAR - 1 goes from -0.5 to +0.5,
   * crossing 0 half way, at FAR = 0.25, TAR = 0.75: EER = 0.25.
   * Best accuracy: t = 0.2 accepts 0.1 only: 1 + 2 = 3/4; t = 0.4 accepts 0.1, 0.3, 0.3: 2 + 1 = 3/4;
   * the smaller, 0.2, is chosen.
   */
  @Test
  void tiesMakeADiagonalStep() {
    List<ScoredPair> pairs = List.of(same(0.1), same(0.3), different(0.3), different(0.5));
    Roc roc = Roc.of(pairs);
    assertThat(roc.points()).extracting(RocPoint::far).containsExactly(0.0, 0.0, 0.5, 1.0);
    assertThat(roc.points()).extracting(RocPoint::tar).containsExactly(0.0, 0.5, 1.0, 1.0);
    assertThat(roc.auc()).isCloseTo(0.875, within(EPS));
    assertThat(roc.eer()).isCloseTo(0.25, within(EPS));
    assertThat(roc.eerPoint().tar()).isCloseTo(0.75, within(EPS));
    Verifier.ThresholdChoice best = Verifier.bestThreshold(pairs);
    assertThat(best.accuracy()).isEqualTo(0.75);
    assertThat(best.threshold()).isCloseTo(0.2, within(EPS));
  }

  /* Separable: S 0.2, 0.3; D 0.7, 0.9. Accuracy 1 at t = 0.5 (middle of 0.3..0.7), AUC 1, EER 0, TAR@0.1% = 1. */
  @Test
  void separablePairs() {
    List<ScoredPair> pairs = List.of(same(0.2), different(0.9), same(0.3), different(0.7));
    assertThat(Verifier.bestThreshold(pairs)).isEqualTo(new Verifier.ThresholdChoice(0.5, 1.0));
    Roc roc = Roc.of(pairs);
    assertThat(roc.auc()).isEqualTo(1.0);
    assertThat(roc.eer()).isEqualTo(0.0);
    assertThat(roc.tarAtFar(0.001)).isEqualTo(1.0);
  }

  /*
   * Reversed: S 0.7, 0.9; D 0.2, 0.3. Every different pair is closer: AUC 0; the curve goes (0,0) (.5,0) (1,0)
   * (1,.5) (1,1) and meets FAR = FRR only at (1, 0): EER = 1. Best accuracy is 0.5 (accept nothing).
   */
  @Test
  void reversedPairs() {
    List<ScoredPair> pairs = List.of(same(0.7), same(0.9), different(0.2), different(0.3));
    Roc roc = Roc.of(pairs);
    assertThat(roc.auc()).isEqualTo(0.0);
    assertThat(roc.eer()).isEqualTo(1.0);
    assertThat(roc.tarAtFar(0.01)).isEqualTo(0.0);
    assertThat(Verifier.bestThreshold(pairs).accuracy()).isEqualTo(0.5);
  }

  /*
   * Two folds.
   *   fold 1: S 0.1, 0.2; D 0.5, 0.6       best threshold alone: 0.35 (accuracy 1)
   *   fold 2: S 0.3, 0.45; D 0.4, 0.8      best threshold alone: 0.35 (3/4; 0.625 also gives 3/4, the smaller wins)
   * Fold 1 scored at fold 2's threshold 0.35: all four right -> 1.0.
   * Fold 2 scored at fold 1's threshold 0.35: 0.3 S right, 0.4 D right, 0.45 S wrong, 0.8 D right -> 0.75.
   * Mean 0.875, population std sqrt(((1 - .875)^2 + (.75 - .875)^2) / 2) = 0.125, mean threshold 0.35.
   */
  @Test
  void kFoldChoosesEachThresholdOnTheOtherFolds() {
    List<ScoredPair> fold1 = List.of(same(0.1), same(0.2), different(0.5), different(0.6));
    List<ScoredPair> fold2 = List.of(same(0.3), same(0.45), different(0.4), different(0.8));
    KFold.Result r = KFold.evaluate(List.of(fold1, fold2));
    assertThat(r.accuracies()).containsExactly(1.0, 0.75);
    assertThat(r.thresholds()[0]).isCloseTo(0.35, within(EPS));
    assertThat(r.thresholds()[1]).isCloseTo(0.35, within(EPS));
    assertThat(r.mean()).isCloseTo(0.875, within(EPS));
    assertThat(r.std()).isCloseTo(0.125, within(EPS));
    assertThat(r.meanThreshold()).isCloseTo(0.35, within(EPS));
  }

  /* One fold: nothing to hold out, the threshold is chosen on the fold itself (EIGHT: 0.35, 0.875). */
  @Test
  void oneFoldUsesItself() {
    KFold.Result r = KFold.evaluate(List.of(EIGHT));
    assertThat(r.mean()).isEqualTo(0.875);
    assertThat(r.std()).isEqualTo(0.0);
    assertThat(r.meanThreshold()).isCloseTo(0.35, within(EPS));
  }

  /* On random lists the trapezoid AUC equals the pair-counting definition, and the best threshold beats a grid. */
  @Test
  void aucIsTheChanceThatASamePairIsCloserOnRandomLists() {
    Random rnd = new Random(7);
    for (int round = 0; round < 20; round++) {
      List<ScoredPair> pairs = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        boolean s = rnd.nextBoolean();
        double d =
            Math.round((s ? 0.5 : 0.8) * 20 + rnd.nextGaussian() * 4) / 20.0; // coarse: many ties
        pairs.add(new ScoredPair(Math.max(0, d), s));
      }
      if (pairs.stream().allMatch(ScoredPair::same) || pairs.stream().noneMatch(ScoredPair::same)) {
        continue;
      }
      double wins = 0;
      int count = 0;
      for (ScoredPair a : pairs) {
        for (ScoredPair b : pairs) {
          if (a.same() && !b.same()) {
            count++;
            wins += a.distance() < b.distance() ? 1 : a.distance() == b.distance() ? 0.5 : 0;
          }
        }
      }
      assertThat(Roc.of(pairs).auc()).isCloseTo(wins / count, within(1e-12));
      Verifier.ThresholdChoice best = Verifier.bestThreshold(pairs);
      assertThat(Verifier.accuracy(pairs, best.threshold())).isEqualTo(best.accuracy());
      for (double t = 0; t < 2; t += 0.001) {
        assertThat(Verifier.accuracy(pairs, t)).isLessThanOrEqualTo(best.accuracy());
      }
      Roc roc = Roc.of(pairs);
      RocPoint eer = roc.eerPoint();
      assertThat(eer.far()).isCloseTo(1 - eer.tar(), within(1e-12)); // FAR = FRR
    }
  }

  /*
   * The sweep's edges on EIGHT: the first candidate is the smallest distance (0.1, nothing accepted), the last the
   * next double above the largest (0.8, everything accepted); tied pairs are one step.
   */
  @Test
  void theSweepStartsAtTheSmallestDistanceAndEndsJustAboveTheLargest() {
    ThresholdSweep sweep = ThresholdSweep.of(EIGHT);
    assertThat(sweep.steps()).hasSize(9);
    assertThat(sweep.steps().get(0)).isEqualTo(new ThresholdSweep.Step(0.1, 0, 0));
    assertThat(sweep.steps().get(8)).isEqualTo(new ThresholdSweep.Step(Math.nextUp(0.8), 4, 4));
    assertThat(ThresholdSweep.of(List.of(same(0.3), different(0.3))).steps())
        .containsExactly(
            new ThresholdSweep.Step(0.3, 0, 0), new ThresholdSweep.Step(Math.nextUp(0.3), 1, 1));
    // All same-person pairs: accepting everything is right, at the threshold just above the largest
    // distance.
    assertThat(Verifier.bestThreshold(List.of(same(0.2), same(0.4))))
        .isEqualTo(new Verifier.ThresholdChoice(Math.nextUp(0.4), 1.0));
  }

  @Test
  void refusesWhatHasNoAnswer() {
    assertThatThrownBy(() -> Verifier.bestThreshold(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdSweep.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Roc.of(List.of(same(0.1), same(0.2))))
        .hasMessageContaining("same-person and different-person");
    assertThatThrownBy(() -> new ScoredPair(Double.NaN, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Roc.of(EIGHT).tarAtFar(2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
