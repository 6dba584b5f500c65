package dev.facenet.image;

import static dev.facenet.common.UserFacingErrors.allowOnlyFaceNetException;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.facenet.common.DecodedPicture;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the picture-reading path ({@link ImageLoader#read(byte[], String)}, what an upload to the
 * service and every picture file go through): any bytes give an 8-bit RGB picture within the size
 * limits, or a {@link dev.facenet.common.FaceNetException}. The seeds under {@code
 * ImageLoaderFuzzTestInputs/anyPicture/} are tiny pictures of every format read, written by {@link
 * ImageLoaderFuzzSeeds}.
 */
class ImageLoaderFuzzTest {

  // A hang fails instead of stalling the build: each replayed input, and in fuzzing mode each input
  // and the whole run, get 120 s (in a thread of their own, since a busy decoder ignores
  // interrupts).
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  @FuzzTest(maxDuration = "15s")
  void anyPicture(byte[] data) throws Exception {
    allowOnlyFaceNetException(
        () -> {
          DecodedPicture p = ImageLoader.read(data, "fuzz");
          BufferedImage img = p.image();
          assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
          assertThat((long) img.getWidth() * img.getHeight())
              .isPositive()
              .isLessThanOrEqualTo(ImageLoader.MAX_DECODED_PIXELS);
        });
  }
}
