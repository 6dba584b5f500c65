package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which threshold a call without one uses: the builder's, else the one calibrated in the gallery
 * for the instance's own model and crop, else the crop's default (mirror-averaged encodings have
 * their own, since they sit closer together).
 */
class ThresholdDefaultsTest {
  static final Path ORL = Path.of(System.getProperty("facenet.shared"), "fixtures", "orl");

  @TempDir Path dir;

  @Test
  void eachCropHasItsOwnDefaultAndItsOwnCalibration() {
    Path gallery = dir.resolve("people.db");
    try (FaceNet plain = FaceNet.builder().gallery(gallery).build();
        FaceNet flip = FaceNet.builder().gallery(gallery).flip(true).build()) {
      assertThat(plain.crop()).isNotEqualTo(flip.crop());
      assertThat(plain.threshold()).isEqualTo(FaceNet.DEFAULT_THRESHOLD);
      assertThat(flip.threshold()).isEqualTo(FaceNet.DEFAULT_FLIP_THRESHOLD);
      assertThat(FaceNet.DEFAULT_FLIP_THRESHOLD).isLessThan(FaceNet.DEFAULT_THRESHOLD);

      plain.storeThreshold(0.5);
      assertThat(plain.threshold()).isEqualTo(0.5);
      assertThat(flip.threshold()).isEqualTo(FaceNet.DEFAULT_FLIP_THRESHOLD); // not its crop's
      flip.storeThreshold(0.47);
      assertThat(flip.threshold()).isEqualTo(0.47);
      assertThat(plain.threshold()).isEqualTo(0.5);
      assertThat(flip.defaultThreshold()).isEqualTo(FaceNet.DEFAULT_FLIP_THRESHOLD);
    }
    try (FaceNet given = FaceNet.builder().gallery(gallery).flip(true).threshold(0.4).build()) {
      assertThat(given.threshold()).isEqualTo(0.4);
    }
  }

  @Test
  void aVerificationWithoutAThresholdUsesTheCropsDefault() {
    try (FaceNet flip = FaceNet.builder().gallery(dir.resolve("flip.db")).flip(true).build()) {
      flip.enroll("s1", ORL.resolve("s1/1.pgm"));
      Verification v = flip.verify(ORL.resolve("s1/2.pgm"), "s1");
      assertThat(v.threshold()).isEqualTo(FaceNet.DEFAULT_FLIP_THRESHOLD);
      assertThat(v.match()).isEqualTo(v.distance() < FaceNet.DEFAULT_FLIP_THRESHOLD);
    }
  }
}
