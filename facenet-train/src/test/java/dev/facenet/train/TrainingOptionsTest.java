package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {
  private final TrainingOptions o =
      TestOptions.epochsAndRate(
          TestOptions.defaults(Path.of("d"), "nn4-small2", Path.of("o")),
          11,
          TrainingOptions.DEFAULT_LEARNING_RATE);

  @Test
  void cosineScheduleGoesFromTheBaseRateToATwentiethOfIt() {
    assertThat(o.learningRateAt(1)).isEqualTo(1e-3f);
    assertThat(o.learningRateAt(6)).isCloseTo(1e-3f * (0.05f + 0.95f * 0.5f), within(1e-9f));
    assertThat(o.learningRateAt(11)).isCloseTo(5e-5f, within(1e-9f));
    for (int e = 2; e <= 11; e++) {
      assertThat(o.learningRateAt(e)).isLessThan(o.learningRateAt(e - 1));
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> TestOptions.epochsAndRate(o, 0, o.learningRate()))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("--epochs");
    assertThatThrownBy(() -> TestOptions.epochsAndRate(o, o.epochs(), -1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("--lr");
    assertThatThrownBy(() -> Augmenter.named("wild")).isInstanceOf(FaceNetException.class);
    assertThatThrownBy(() -> Mining.parse("hardest")).isInstanceOf(FaceNetException.class);
  }
}
