package dev.facenet.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceQualityTest {
  /** A large, crisp, frontal, well-lit face the detector is sure of. */
  private static final FaceQuality GOOD = new FaceQuality(120, 1.2, 3, -4, 0.5, 0.9, 0.99);

  private static FaceQuality with(
      double width, double sharpness, double yaw, double pitch, double bright, double even) {
    return new FaceQuality(width, sharpness, yaw, pitch, bright, even, 0.99);
  }

  @Test
  void aGoodFaceScoresOneWithNothingWrong() {
    assertThat(GOOD.score()).isEqualTo(1.0);
    assertThat(GOOD.poor()).isFalse();
    assertThat(GOOD.problems()).isEmpty();
  }

  @Test
  void eachMeasurementPullsTheScoreDownAndIsNamed() {
    assertThat(with(14, 1.2, 0, 0, 0.5, 0.9).problems()).containsExactly("14 px wide");
    assertThat(with(120, 0.4, 0, 0, 0.5, 0.9).problems()).containsExactly("blurred");
    assertThat(with(120, 1.2, -55, 0, 0.5, 0.9).problems())
        .containsExactly("turned 55 degrees to the side");
    assertThat(with(120, 1.2, 0, 40, 0.5, 0.9).problems())
        .containsExactly("tilted 40 degrees down");
    assertThat(with(120, 1.2, 0, -40, 0.5, 0.9).problems()).containsExactly("tilted 40 degrees up");
    assertThat(with(120, 1.2, 0, 0, 0.08, 0.9).problems()).containsExactly("too dark");
    assertThat(with(120, 1.2, 0, 0, 0.95, 0.9).problems()).containsExactly("too bright");
    // measured and shown, but side light made no more errors on Yale: not in the score
    assertThat(with(120, 1.2, 0, 0, 0.5, 0.3).problems()).isEmpty();
    assertThat(with(120, 1.2, 0, 0, 0.5, 0.3).score()).isEqualTo(1.0);
    assertThat(new FaceQuality(120, 1.2, 0, 0, 0.5, 0.9, 0.3).problems())
        .containsExactly("detector unsure (0.30)");
    for (FaceQuality q :
        new FaceQuality[] {
          with(14, 1.2, 0, 0, 0.5, 0.9),
          with(120, 0.4, 0, 0, 0.5, 0.9),
          with(120, 1.2, 70, 0, 0.5, 0.9),
          with(120, 1.2, 0, 0, 0.03, 0.9)
        }) {
      assertThat(q.score()).as("%s", q).isLessThan(FaceQuality.FLOOR);
      assertThat(q.poor()).isTrue();
    }
  }

  @Test
  void theScoreIsTheProductOfTheFactorsAndProblemsComeWorstFirst() {
    FaceQuality q = with(22, 0.55, 0, 0, 0.5, 0.9);
    assertThat(q.score()).isCloseTo(q.sizeFactor() * q.sharpnessFactor(), within(1e-12));
    assertThat(q.sizeFactor()).isBetween(0.0, 1.0);
    assertThat(q.sharpnessFactor()).isEqualTo(0.5, within(1e-12)); // the ramp's middle
    assertThat(q.problems())
        .containsExactly(
            q.sizeFactor() < q.sharpnessFactor() ? "22 px wide" : "blurred",
            q.sizeFactor() < q.sharpnessFactor() ? "blurred" : "22 px wide");
  }

  @Test
  void largerSharperAndMoreFrontalNeverScoresLower() {
    double previous = 0;
    for (double w = 10; w <= 60; w += 2) {
      double s = with(w, 1.2, 0, 0, 0.5, 0.9).score();
      assertThat(s).isGreaterThanOrEqualTo(previous);
      previous = s;
    }
    assertThat(previous).isEqualTo(1.0);
    previous = 1;
    for (double yaw = 0; yaw <= 90; yaw += 5) {
      double s = with(120, 1.2, yaw, 0, 0.5, 0.9).score();
      assertThat(s).isLessThanOrEqualTo(previous);
      assertThat(with(120, 1.2, -yaw, 0, 0.5, 0.9).score()).isEqualTo(s);
      previous = s;
    }
    assertThat(previous).isZero();
  }

  @Test
  void withoutADetectorTheConfidenceDoesNotCount() {
    FaceQuality q = new FaceQuality(120, 1.2, 0, 0, 0.5, 0.9, Double.NaN);
    assertThat(q.score()).isEqualTo(1.0);
    assertThat(q.summary().confidence()).isNull();
  }

  @Test
  void resizingThePictureChangesOnlyTheWidth() {
    FaceQuality half = GOOD.scale(0.5);
    assertThat(half.width()).isEqualTo(60);
    assertThat(half).usingRecursiveComparison().ignoringFields("width").isEqualTo(GOOD);
  }

  @Test
  void theSummaryIsRoundedAndSaysWhatIsWrong() {
    FaceQuality q = new FaceQuality(17.456, 0.61234, -12.345, 6.789, 0.41234, 0.87654, 0.876543);
    FaceQuality.Summary s = q.summary();
    assertThat(s.score()).isEqualTo(Math.round(q.score() * 1000) / 1000.0);
    assertThat(s.poor()).isEqualTo(q.poor());
    assertThat(s.problems()).isEqualTo(q.problems()).contains("17 px wide");
    assertThat(s.width()).isEqualTo(17.5);
    assertThat(s.sharpness()).isEqualTo(0.612);
    assertThat(s.yaw()).isEqualTo(-12.3);
    assertThat(s.pitch()).isEqualTo(6.8);
    assertThat(s.brightness()).isEqualTo(0.412);
    assertThat(s.evenness()).isEqualTo(0.877);
    assertThat(s.confidence()).isEqualTo(0.8765);
  }
}
