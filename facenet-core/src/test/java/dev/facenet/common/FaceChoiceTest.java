package dev.facenet.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The largest box wins; between boxes of one area the more confident; a NaN score loses to any
 * number.
 */
class FaceChoiceTest {
  private record F(String name, Box box, double score) {}

  private static String main(F... faces) {
    return FaceChoice.main(List.of(faces), F::box, F::score).map(F::name).orElse("none");
  }

  @Test
  void theLargestBoxWinsOverTheMostConfident() {
    assertThat(
            main(
                new F("sure", new Box(0, 0, 10, 10), 0.99),
                new F("large", new Box(50, 0, 40, 40), 0.6)))
        .isEqualTo("large");
  }

  @Test
  void equalAreasGoToTheMoreConfidentInAnyOrder() {
    F a = new F("a", new Box(0, 0, 20, 20), 0.7);
    F b = new F("b", new Box(30, 0, 10, 40), 0.9);
    assertThat(main(a, b)).isEqualTo("b");
    assertThat(main(b, a)).isEqualTo("b");
    assertThat(main(new F("nan", new Box(0, 0, 20, 20), Double.NaN), a)).isEqualTo("a");
  }

  @Test
  void noFacesNoChoice() {
    assertThat(main()).isEqualTo("none");
  }
}
