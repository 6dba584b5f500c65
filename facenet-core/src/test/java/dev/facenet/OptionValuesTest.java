package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.CropMode;
import dev.facenet.common.Detector;
import dev.facenet.common.FaceNetException;
import dev.facenet.pipeline.FaceFinder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The typed values the builder takes: model names checked against the registry, detectors, crop
 * modes.
 */
class OptionValuesTest {

  @Test
  void modelNamesAreTheRegisteredEncoders() {
    assertThat(ModelName.known()).extracting(ModelName::id).containsExactly("nn4-small2", "resnet");
    assertThat(ModelName.DEFAULT).isEqualTo(ModelName.of("resnet"));
    assertThatThrownBy(() -> ModelName.of("nope"))
        .isInstanceOf(FaceNetException.class)
        .hasMessage("unknown model 'nope' (known: nn4-small2, resnet)");
  }

  @Test
  void everyDetectorIsOneTheFaceFinderRuns() {
    assertThat(Arrays.stream(Detector.values()).map(Detector::id).toList())
        .containsExactlyInAnyOrderElementsOf(FaceFinder.DETECTORS);
    assertThat(Detector.parse(" Tiny ")).isEqualTo(Detector.TINY);
    assertThatThrownBy(() -> Detector.parse("mtcnn"))
        .hasMessage("unknown detector 'mtcnn' (known: ssd, tiny)");
  }

  @Test
  void cropModes() {
    assertThat(CropMode.parse("whole")).isEqualTo(CropMode.WHOLE_IMAGE);
    assertThat(CropMode.parse("aligned")).isEqualTo(CropMode.ALIGNED);
    assertThatThrownBy(() -> CropMode.parse("square"))
        .hasMessage("unknown --crop 'square' (aligned or whole)");
  }
}
