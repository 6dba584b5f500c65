package dev.facenet.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one {@code facenet} command line in this JVM, then prints the process's peak resident memory
 * ({@code VmHWM} of /proc/self/status, which counts PyTorch's native memory) as the last line of
 * stderr and exits with the command's code. {@link BoundedMemoryTest} starts it as a child process.
 */
public final class PeakMemoryChild {
  private PeakMemoryChild() {}

  public static void main(String[] args) throws IOException {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = Main.run(out, err, args);
    String peak =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmHWM:"))
            .findFirst()
            .orElse("VmHWM: -1 kB");
    err.println("peak " + peak.replaceAll("\\s+", " "));
    err.flush();
    System.exit(code);
  }
}
