package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bands and the error-versus-reject rows, worked out by hand on placed trials. */
class QualityBandsTest {
  private static QualityBands.Trial same(double distance, double quality) {
    return new QualityBands.Trial(ScoredPair.same(distance), quality);
  }

  private static QualityBands.Trial different(double distance, double quality) {
    return new QualityBands.Trial(ScoredPair.different(distance), quality);
  }

  @Test
  void pairsFallInTheBandOfTheirPoorerFaceAndErrorsAreCountedAtTheThreshold() {
    List<QualityBands.Trial> trials =
        List.of(
            same(0.7, 0.1), // poor band: rejected, wrong
            different(0.4, 0.2), // poor band: accepted, wrong
            same(0.3, 0.5), // second band: right
            different(0.5, 0.59), // second band: accepted, wrong
            same(0.3, 0.7), // third band: right
            different(0.9, 0.9), // top band: right
            same(0.2, 1.0)); // top band (a perfect score counts): right
    QualityBands q = QualityBands.of(trials, 0.55);
    assertThat(q.threshold()).isEqualTo(0.55);
    assertThat(q.bands()).hasSize(4);
    QualityBands.Band poor = q.bands().get(0);
    assertThat(poor.from()).isZero();
    assertThat(poor.to()).isEqualTo(dev.facenet.common.FaceQuality.FLOOR);
    assertThat(List.of(poor.same(), poor.falseRejects(), poor.different(), poor.falseAccepts()))
        .containsExactly(1, 1, 1, 1);
    assertThat(poor.errorRate()).isEqualTo(1.0);
    assertThat(poor.falseRejectRate()).isEqualTo(1.0);
    QualityBands.Band second = q.bands().get(1);
    assertThat(second.pairs()).isEqualTo(2);
    assertThat(second.errors()).isEqualTo(1);
    assertThat(second.falseAcceptRate()).isEqualTo(1.0);
    assertThat(q.bands().get(2).pairs()).isEqualTo(1);
    assertThat(q.bands().get(2).errors()).isZero();
    QualityBands.Band top = q.bands().get(3);
    assertThat(top.to()).isEqualTo(1.0);
    assertThat(top.pairs()).isEqualTo(2);
    assertThat(top.errorRate()).isZero();
  }

  @Test
  void settingAsideThePoorestPairsLeavesTheRest() {
    List<QualityBands.Trial> trials = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // the two poorest are wrong, and one more in the middle
      boolean wrong = i < 2 || i == 10;
      trials.add(same(wrong ? 0.9 : 0.2, i / 20.0));
    }
    java.util.Collections.reverse(trials); // the order given does not matter
    QualityBands q = QualityBands.of(trials, 0.6);
    assertThat(q.rejections()).hasSize(4);
    assertThat(q.rejections().get(0)).isEqualTo(new QualityBands.Rejection(0, 20, 3));
    assertThat(q.rejections().get(1)).isEqualTo(new QualityBands.Rejection(0.05, 19, 2));
    assertThat(q.rejections().get(2)).isEqualTo(new QualityBands.Rejection(0.1, 18, 1));
    assertThat(q.rejections().get(3)).isEqualTo(new QualityBands.Rejection(0.2, 16, 1));
    assertThat(q.rejections().get(2).errorRate()).isEqualTo(1 / 18.0);
  }

  @Test
  void pairsWithNoFaceFoundAreKeptApartAndSetAsideFirst() {
    List<QualityBands.Trial> trials =
        List.of(
            same(0.9, Double.NaN), // no face: wrong
            different(0.8, Double.NaN), // no face: right
            same(0.9, 0.1), // poor: wrong
            same(0.2, 0.5),
            same(0.2, 0.9));
    QualityBands q = QualityBands.of(trials, 0.6);
    assertThat(q.noFace().pairs()).isEqualTo(2);
    assertThat(q.noFace().errors()).isEqualTo(1);
    assertThat(q.noFace().from()).isNaN();
    assertThat(q.bands().stream().mapToInt(QualityBands.Band::pairs).sum()).isEqualTo(3);
    assertThat(q.bands().get(0).errors()).isEqualTo(1);
    // the poorest fifth is one pair: a no-face pair (the wrong one, kept in order), not the poor
    // one
    assertThat(q.rejections().get(3)).isEqualTo(new QualityBands.Rejection(0.2, 4, 1));
  }

  @Test
  void anEmptyBandHasNoRate() {
    QualityBands q = QualityBands.of(List.of(same(0.1, 0.95)), 0.6);
    assertThat(q.bands().get(0).pairs()).isZero();
    assertThat(q.bands().get(0).errorRate()).isNaN();
    assertThat(q.bands().get(3).errorRate()).isZero();
  }
}
