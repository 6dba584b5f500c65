package dev.facenet.weights;

import static dev.facenet.common.UserFacingErrors.allowOnlyFaceNetException;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the face-api weights manifest reader ({@link FaceApiWeights#load}): a manifest and one
 * weight file beside it, both made of the fuzzer's bytes, load into tensors whose shapes hold their
 * values, or are refused with a {@link dev.facenet.common.FaceNetException}. An input is the
 * manifest's text, a zero byte, then the bytes of {@code w.bin} (the seeds under {@code
 * FaceApiWeightsFuzzTestInputs/anyManifest/} show the layout).
 */
class FaceApiWeightsFuzzTest {
  /** One folder for the whole run: each input overwrites the two files, which is much faster. */
  private static Path folder;

  // A hang fails instead of stalling the build: each replayed input, and in fuzzing mode each input
  // and the whole run, get 120 s (in a thread of their own, since a busy decoder ignores
  // interrupts).
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  @FuzzTest(maxDuration = "15s")
  void anyManifest(byte[] data) throws Exception {
    int split = indexOfZero(data);
    Path dir = folder();
    Path manifest = dir.resolve("model-weights_manifest.json");
    Files.write(manifest, Arrays.copyOfRange(data, 0, split));
    Files.write(
        dir.resolve("w.bin"),
        Arrays.copyOfRange(data, Math.min(split + 1, data.length), data.length));
    allowOnlyFaceNetException(
        () -> {
          FaceApiWeights w = FaceApiWeights.load(manifest);
          for (String name : w.names()) {
            WeightTensor t = w.get(name);
            assertThat(WeightTensor.elementCount(t.shape())).isEqualTo(t.size());
            for (int d : t.shape()) {
              assertThat(d).isNotNegative();
            }
          }
        });
  }

  private static int indexOfZero(byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return data.length;
  }

  private static synchronized Path folder() {
    if (folder == null) {
      try {
        folder = Files.createTempDirectory("face-api-fuzz");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Deleted at exit in the reverse order: the files, then the folder.
      folder.toFile().deleteOnExit();
      folder.resolve("model-weights_manifest.json").toFile().deleteOnExit();
      folder.resolve("w.bin").toFile().deleteOnExit();
    }
    return folder;
  }
}
