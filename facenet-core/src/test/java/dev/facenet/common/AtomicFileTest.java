package dev.facenet.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole new content or the old one, never half, and no temporary file left behind either way.
 */
class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("a.txt"), "old");
    AtomicFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertThat(target).hasContent("new");
    assertThat(AtomicFile.temporary(target)).doesNotExist();
  }

  @Test
  void aFailingBodyKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("a.txt"), "old");
    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    target,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(target).hasContent("old");
    assertThat(AtomicFile.temporary(target)).doesNotExist();
  }

  @Test
  void theCallerMayNameTheTemporaryFileAndTheBodyMayCloseItsStream() throws IOException {
    Path target = dir.resolve("b.bin");
    Path tmp = dir.resolve("b.bin.1234-5.tmp");
    AtomicFile.write(
        target,
        tmp,
        out -> {
          try (out) {
            out.write(new byte[] {1, 2, 3});
          }
        });
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    assertThat(tmp).doesNotExist();
  }
}
