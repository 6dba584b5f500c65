package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facenet train} in a real child JVM, killed with SIGTERM in the middle of training: it
 * stops after the batch it is in, says so in one line, exits with 128 + 15 and leaves a checkpoint
 * that reads back, and the JVM does not crash under PyTorch (no hs_err file).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard against a hung child, not a speed assertion
class TrainInterruptTest {
  private static final Pattern STOPPED =
      Pattern.compile(
          "facenet: interrupted during epoch (\\d+); the checkpoint after epoch (\\d+) in (.+) is intact: continue with --resume");

  @TempDir Path dir;

  @Test
  void sigtermStopsTheRunWithOneLineAndAValidCheckpoint() throws Exception {
    Path data = orlSubset(dir.resolve("orl6"), 6, 4);
    Path out = dir.resolve("run");
    Path stderr = dir.resolve("train.err");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--crop",
                "whole",
                "--epochs",
                "1000",
                "--identities-per-batch",
                "2",
                "--images-per-identity",
                "4",
                "--val-people",
                "s5,s6",
                "--augment",
                "none")
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("train.out").toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      // the first epoch's checkpoint is there: the child is inside the training loop
      while (!Files.exists(out.resolve(Checkpoint.FILE))) {
        assertThat(child.isAlive()).as("train is running (stderr in %s)", stderr).isTrue();
        Thread.sleep(50);
      }
      child.destroy(); // SIGTERM
      int code = child.waitFor();
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      assertThat(code).as("exit code (stderr: %s)", lines).isEqualTo(128 + 15);
      String last = lines.get(lines.size() - 1);
      Matcher m = STOPPED.matcher(last);
      assertThat(m.matches()).as("last line of stderr: %s", last).isTrue();
      assertThat(m.group(3)).isEqualTo(out.toString());
      int saved = Integer.parseInt(m.group(2));
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(saved + 1);
      assertThat(saved).isPositive();
      assertThat(Checkpoint.header(out).epoch())
          .as("the checkpoint the message names")
          .isEqualTo(saved);
      assertThat(out.resolve(Checkpoint.FILE + ".tmp"))
          .as("no checkpoint was cut short")
          .doesNotExist();
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("hs_err"));
      }
    } finally {
      child.destroyForcibly();
    }
  }

  /** ORL people s1..s{@code people}, pictures 1..{@code pictures} each, copied into {@code to}. */
  private static Path orlSubset(Path to, int people, int pictures) throws IOException {
    Path orl =
        Path.of(System.getProperty("facenet.shared", "../../shared")).resolve("fixtures/orl");
    for (int s = 1; s <= people; s++) {
      Path d = Files.createDirectories(to.resolve("s" + s));
      for (int i = 1; i <= pictures; i++) {
        Files.copy(orl.resolve("s" + s).resolve(i + ".pgm"), d.resolve(i + ".pgm"));
      }
    }
    return to;
  }
}
