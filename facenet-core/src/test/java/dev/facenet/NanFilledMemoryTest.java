package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every network gives the same bits whatever the memory it is given held before. PyTorch's CPU
 * convolutions once read channels they never wrote (see {@code TfConv.paddedChannels}): MTCNN then
 * lost every face of a photo, but only when an earlier NaN happened to lie there, about one CI run
 * in five. Here a preloaded allocator ({@code src/test/c/nanfill.c}) fills every block PyTorch and
 * oneDNN take with NaN, so such a read fails every time; the pipeline runs in a child JVM with it
 * and without it, for oneDNN's AVX-512 kernels (where the machine has them) and its AVX2 ones, and
 * both runs must print the same faces, landmarks and encodings.
 */
class NanFilledMemoryTest {
  private static final Path SOURCE = Path.of("src/test/c/nanfill.c");
  private static Path library;

  @BeforeAll
  static void build() throws Exception {
    library = Path.of("target", "nanfill.so").toAbsolutePath();
    Process cc =
        new ProcessBuilder(
                "cc",
                "-O2",
                "-shared",
                "-fPIC",
                "-o",
                library.toString(),
                SOURCE.toString(),
                "-ldl")
            .redirectErrorStream(true)
            .start();
    String said = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cc.waitFor()).as("cc (a C compiler is needed for this test): %s", said).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ALL", "AVX2"})
  void theNetworksGiveTheSameBitsOnMemoryFullOfNaN(String isa) throws Exception {
    Run clean = run(isa, false);
    Run nan = run(isa, true);
    assertThat(nan.err).contains("nanfill: ").doesNotContain("nanfill: 0 blocks");
    assertThat(clean.out)
        .contains(
            "ssd tinyLandmarks=false: 3", "tiny tinyLandmarks=false: 3", "mtcnn: 3", "mtcnn: 1");
    assertThat(nan.err).as("the log of the run on NaN-filled memory").doesNotContain("not finite");
    assertThat(nan.out).isEqualTo(clean.out);
  }

  private record Run(String out, String err) {}

  private static Run run(String isa, boolean nanFilled) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String property : List.of("ai.djl.offline", "facenet.shared", "facenet.package")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), NanFilledMemoryChild.class.getName()));
    ProcessBuilder b = new ProcessBuilder(command);
    b.environment().put("ONEDNN_MAX_CPU_ISA", isa);
    b.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    if (nanFilled) {
      b.environment().put("LD_PRELOAD", library.toString());
    }
    Path out = Files.createTempFile("nanfill", ".out");
    Path err = Files.createTempFile("nanfill", ".err");
    try {
      Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the child did not end in 5 minutes");
      }
      String o = Files.readString(out);
      String e = Files.readString(err);
      assertThat(p.exitValue())
          .as("exit of the child (%s, NaN-filled %s): %s", isa, nanFilled, e)
          .isZero();
      return new Run(o, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
