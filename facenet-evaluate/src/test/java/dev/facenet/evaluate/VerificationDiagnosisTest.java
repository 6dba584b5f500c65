package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verification diagnosis on hand-made encodings, where the right answer is known. */
class VerificationDiagnosisTest {

  @Test
  void effectiveDimensionsCountTheDirectionsTheEncodingsSpreadOver() {
    // Evenly along three axes: three dimensions, whatever the other five hold (nothing).
    float[][] three = {axis(0, 1), axis(0, -1), axis(1, 1), axis(1, -1), axis(2, 1), axis(2, -1)};
    assertThat(VerificationDiagnosis.participationRatio(three)).isCloseTo(3.0, within(1e-9));
    // All on one line through the middle: one dimension.
    float[][] line = {axis(4, 2), axis(4, -1), axis(4, 0.5f)};
    assertThat(VerificationDiagnosis.participationRatio(line)).isCloseTo(1.0, within(1e-9));
    // One axis with four times the variance of another: (4 + 1)^2 / (16 + 1).
    float[][] uneven = {axis(0, 2), axis(0, -2), axis(1, 1), axis(1, -1)};
    assertThat(VerificationDiagnosis.participationRatio(uneven)).isCloseTo(25.0 / 17, within(1e-9));
    // Identical encodings do not vary at all.
    assertThat(VerificationDiagnosis.participationRatio(new float[][] {axis(0, 1), axis(0, 1)}))
        .isNaN();
  }

  @Test
  void listsThePeopleWhoseSamePersonPairsTheThresholdRejectsMostFirst() {
    // Person 0 has two groups of two pictures 2 apart: the four pairs across the groups are
    // rejected at 1.
    // Person 1 is tight. Person 2 has one picture 1 away from the other two: exactly at the
    // threshold, which
    // counts as "different" (same only under it), so two of its three pairs are rejected.
    float[][] e = {
      axis(0, 0),
      axis(0, 0.1f),
      axis(0, 2),
      axis(0, 2.1f),
      axis(1, 5),
      axis(1, 5.1f),
      axis(2, 9),
      axis(2, 9),
      axis(2, 10)
    };
    int[] labels = {0, 0, 0, 0, 1, 1, 2, 2, 2};
    VerificationDiagnosis d =
        VerificationDiagnosis.of(e, labels, List.of("s31", "s32", "s33"), 1.0);
    assertThat(d.rejectedPeople())
        .containsExactly(
            new VerificationDiagnosis.Rejections("s31", 4, 6),
            new VerificationDiagnosis.Rejections("s33", 2, 3));
    assertThat(d.effectiveDimensions()).isBetween(1.0, 8.0);
  }

  @Test
  void nothingToDiagnoseWithoutTwoPicturesAndLabelsMustMatch() {
    assertThat(
            VerificationDiagnosis.of(new float[][] {axis(0, 1)}, new int[] {0}, List.of("a"), 1.0))
        .isEqualTo(VerificationDiagnosis.NONE);
    assertThatThrownBy(
            () ->
                VerificationDiagnosis.of(
                    new float[][] {axis(0, 1), axis(0, 2)}, new int[] {0}, List.of("a"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 encodings for 1 labels");
  }

  /** An 8-dimensional encoding with {@code value} at {@code index} and zeros elsewhere. */
  private static float[] axis(int index, float value) {
    float[] e = new float[8];
    e[index] = value;
    return e;
  }
}
