package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.bench.MemoryPictures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures that used to take gigabytes (every fallback search at full resolution: 4.8 GB on a
 * 12 MP photo without a face, and a kill by the system at 22 GB on a 10000 x 10000 PNG of one
 * colour) are searched within a bounded working size: {@code facenet detect} on each, in a fresh
 * JVM as a user runs it, peaks under 1.5 GB of resident memory, native memory included, and answers
 * "no face" with exit 0.
 */
class BoundedMemoryTest {
  private static final long LIMIT_KIB = 1536L * 1024;
  private static final Pattern PEAK = Pattern.compile("peak VmHWM: (\\d+) kB");

  @TempDir Path dir;

  @Test
  void aTwelveMegapixelPhotoWithoutAFaceStaysUnderTheBound() throws Exception {
    assertDetectPeaksUnderTheBound(MemoryPictures.noFace12Mp(dir));
  }

  @Test
  void aHundredMegapixelPictureOfOneColourStaysUnderTheBound() throws Exception {
    assertDetectPeaksUnderTheBound(MemoryPictures.oneColour100Mp(dir));
  }

  private void assertDetectPeaksUnderTheBound(Path picture) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("detect.out");
    Path err = dir.resolve("detect.err");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                PeakMemoryChild.class.getName(),
                "detect",
                "--json",
                picture.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    int code = pb.start().waitFor();
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stderr: %s", lines).isZero();
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("\"faces\":[]");
    Matcher m = PEAK.matcher(lines.get(lines.size() - 1));
    assertThat(m.matches()).as("last line of stderr: %s", lines).isTrue();
    long peak = Long.parseLong(m.group(1));
    System.out.printf("facenet detect %s: peak %d MiB%n", picture.getFileName(), peak / 1024);
    assertThat(peak)
        .as("peak resident memory in KiB of detect on %s", picture.getFileName())
        .isLessThan(LIMIT_KIB);
  }
}
