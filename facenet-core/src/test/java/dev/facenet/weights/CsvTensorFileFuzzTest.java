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
 * Fuzzes the reader of OpenFace/Keras CSV weight files ({@link CsvTensorFile#read}, which {@link
 * dev.facenet.embed.OpenFaceCsvWeights} calls for each of nn4.small2's tensors): any file and any
 * expected count give exactly that many finite floats, or a {@link
 * dev.facenet.common.FaceNetException}. An input's first byte is the count expected (0 to 255), the
 * rest the file; the seeds under {@code CsvTensorFileFuzzTestInputs/anyCsvFile/} show the layout.
 */
class CsvTensorFileFuzzTest {
  /** One file for the whole run, overwritten by each input. */
  private static Path file;

  // A hang fails instead of stalling the build: each replayed input, and in fuzzing mode each input
  // and the whole run, get 120 s (in a thread of their own, since a busy decoder ignores
  // interrupts).
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  @FuzzTest(maxDuration = "15s")
  void anyCsvFile(byte[] data) throws Exception {
    int expected = data.length == 0 ? 0 : data[0] & 0xff;
    Path csv = file();
    Files.write(csv, data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length));
    allowOnlyFaceNetException(
        () -> {
          float[] values = CsvTensorFile.read(csv, expected, "fuzz " + expected);
          assertThat(values).hasSize(expected);
          for (float v : values) {
            assertThat(Float.isFinite(v)).isTrue();
          }
        });
  }

  private static synchronized Path file() {
    if (file == null) {
      try {
        file = Files.createTempFile("openface-csv-fuzz", ".csv");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      file.toFile().deleteOnExit();
    }
    return file;
  }
}
