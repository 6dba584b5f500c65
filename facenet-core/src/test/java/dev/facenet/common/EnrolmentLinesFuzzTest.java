package dev.facenet.common;

import static dev.facenet.common.UserFacingErrors.allowOnlyFaceNetException;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the JSON-lines reader behind {@code facenet import}: any bytes, decoded as UTF-8 and read
 * as an export file, give entries that are valid (a name, a model, a crop, finite numbers) and that
 * {@link EnrolmentLines#write} turns back into the same entry, or one {@link FaceNetException}
 * naming the line. Without {@code JAZZER_FUZZ} this replays the inputs under {@code
 * EnrolmentLinesFuzzTestInputs/anyExportFile/}: valid seeds and every crash found so far.
 */
class EnrolmentLinesFuzzTest {

  // A hang fails instead of stalling the build: each replayed input, and in fuzzing mode each input
  // and the whole run, get 120 s (in a thread of their own, since a busy decoder ignores
  // interrupts).
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  @FuzzTest(maxDuration = "15s")
  void anyExportFile(byte[] data) throws Exception {
    String text = new String(data, StandardCharsets.UTF_8);
    allowOnlyFaceNetException(
        () -> {
          Iterator<Enrolment> entries =
              EnrolmentLines.read(new BufferedReader(new StringReader(text)));
          while (entries.hasNext()) {
            Enrolment e = entries.next();
            assertThat(e.name()).isNotNull();
            assertThat(e.embedding().dimension()).isPositive();
            for (float v : e.embedding().values()) {
              assertThat(Float.isFinite(v)).isTrue();
            }
            // What import reads, export writes back the same: the round trip is exact.
            assertThat(EnrolmentLines.parse(EnrolmentLines.write(e), 1)).isEqualTo(e);
          }
        });
  }
}
