package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the pairs-file parser ({@link PairsFormat#read}): any file, read against a small dataset
 * folder, gives pairs as many as its header promises, each of two pictures that exist inside that
 * folder, and which {@link PairsFormat#format} writes back to the same pairs; or it is refused with
 * a {@link FaceNetException}. The seeds under {@code PairsFormatFuzzTestInputs/anyPairsFile/} use
 * the dataset made here: people {@code a} ({@code a_0001.jpg}, {@code a_0002.jpg}, {@code 1.pgm})
 * and {@code b} ({@code b_0001.jpg}, {@code x.png}).
 */
class PairsFormatFuzzTest {
  /** The dataset and the pairs file, made once for the whole run. */
  private static Path root;

  // A hang fails instead of stalling the build: each replayed input, and in fuzzing mode each input
  // and the whole run, get 120 s (in a thread of their own, since a busy decoder ignores
  // interrupts).
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  @FuzzTest(maxDuration = "15s")
  void anyPairsFile(byte[] data) throws Exception {
    Path dir = root();
    Path images = dir.resolve("images");
    Path file = dir.resolve("pairs.txt");
    Files.write(file, data);
    Pairs pairs;
    try {
      pairs = PairsFormat.read(file, images);
    } catch (FaceNetException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat((long) pairs.size()).isEqualTo(2L * pairs.folds() * pairs.perFold());
    for (ImagePair p : pairs.pairs()) {
      for (Picture picture : new Picture[] {p.first(), p.second()}) {
        Path path = picture.path().toAbsolutePath().normalize();
        assertThat(path.startsWith(images.toAbsolutePath().normalize())).isTrue();
        assertThat(Files.isRegularFile(path)).isTrue();
      }
    }
    // What was read is written back the same way, and reads back to the same pairs.
    Files.writeString(file, PairsFormat.format(pairs));
    Pairs again = PairsFormat.read(file, images);
    assertThat(again.folds()).isEqualTo(pairs.folds());
    assertThat(again.perFold()).isEqualTo(pairs.perFold());
    for (int i = 0; i < pairs.size(); i++) {
      ImagePair p = pairs.pairs().get(i);
      ImagePair q = again.pairs().get(i);
      assertThat(q.first()).isEqualTo(p.first());
      assertThat(q.second()).isEqualTo(p.second());
      assertThat(q.same()).isEqualTo(p.same());
      assertThat(q.fold()).isEqualTo(p.fold());
    }
  }

  private static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("pairs-fuzz");
        Path images = root.resolve("images");
        for (String picture :
            new String[] {"a/a_0001.jpg", "a/a_0002.jpg", "a/1.pgm", "b/b_0001.jpg", "b/x.png"}) {
          Path p = images.resolve(picture);
          Files.createDirectories(p.getParent());
          Files.write(p, new byte[] {1});
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }
}
