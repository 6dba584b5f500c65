package dev.facenet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Peak memory of whole {@code facenet} processes on the pictures that cost the most: each case runs
 * the real launcher once, as a user would, and reports its peak resident memory (the kernel's
 * high-water mark, which counts PyTorch's native memory that {@code -Xmx} does not bound), its wall
 * time and exit code. The pictures are generated first ({@link MemoryPictures}); the demo photos
 * come with the weights package.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.MemoryBenchmark [--facenet ./facenet] [--dir out/memory]
 * </pre>
 *
 * scripts/bench-memory.sh runs it from the repository root. Needs GNU time ({@code /usr/bin/time},
 * Debian's package {@code time}) for the peak.
 */
public final class MemoryBenchmark {
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final Path DEMO = Path.of("facenet-models/target/face-api-package/package/demo");

  private MemoryBenchmark() {}

  /** One process measured: its exit code, wall seconds and peak resident memory in MiB. */
  record Run(int exit, double seconds, double peakMib, String lastLine) {}

  public static void main(String[] args) throws Exception {
    String facenet = "./facenet";
    Path dir = Path.of("out/memory");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--facenet" -> facenet = args[++i];
        case "--dir" -> dir = Path.of(args[++i]);
        default -> {
          System.err.println("usage: MemoryBenchmark [--facenet ./facenet] [--dir out/memory]");
          System.exit(2);
        }
      }
    }
    if (!Files.isExecutable(TIME)) {
      System.err.println("error: " + TIME + " is missing (apt-get install time)");
      System.exit(2);
    }
    Files.createDirectories(dir);
    System.out.println("generating the pictures in " + dir + " ...");
    Path noFace = MemoryPictures.noFace12Mp(dir);
    Path faces = MemoryPictures.faces12Mp(DEMO.resolve("sample1.jpg"), dir);
    Path black = MemoryPictures.oneColour100Mp(dir);
    List<String> demo = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      demo.add(DEMO.resolve("sample" + i + ".jpg").toString());
    }
    Path gallery = dir.resolve("people.db");
    Files.deleteIfExists(gallery);
    Run enrolled =
        run(
            List.of(
                facenet,
                "enroll",
                "--db",
                gallery.toString(),
                "--name",
                "sample1",
                "--largest",
                DEMO.resolve("sample1.jpg").toString()));
    if (enrolled.exit() != 0) {
      throw new IllegalStateException("enrol failed: " + enrolled.lastLine());
    }

    System.out.printf(
        Locale.ROOT,
        "%n| command | picture | exit | wall s | peak memory (VmHWM) |%n|---|---|---|---|---|%n");
    for (String command : List.of("detect", "recognize")) {
      List<String> base =
          command.equals("detect")
              ? List.of(facenet, "detect", "--json")
              : List.of(facenet, "recognize", "--json", "--db", gallery.toString());
      report(command, "(a) 12 MP, no face", run(with(base, noFace.toString())));
      report(command, "(b) 12 MP with faces", run(with(base, faces.toString())));
      report(command, "(c) 10000 x 10000, one colour", run(with(base, black.toString())));
      report(
          command,
          "(d) the six demo photos, one process",
          run(with(base, demo.toArray(String[]::new))));
    }
  }

  private static List<String> with(List<String> base, String... files) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(files));
    return all;
  }

  private static void report(String command, String picture, Run r) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.1f | %.0f MiB |%n",
        command,
        picture,
        r.exit(),
        r.seconds(),
        r.peakMib());
  }

  /**
   * Runs one command under GNU time; stdout is discarded, the last line of stderr kept for
   * messages.
   */
  static Run run(List<String> command) throws IOException, InterruptedException {
    List<String> timed = new ArrayList<>(List.of(TIME.toString(), "-f", "PEAK %M %e"));
    timed.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(timed).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    Process p = pb.start();
    String err;
    try (InputStream in = p.getErrorStream()) {
      err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int exit = p.waitFor();
    double kib = Double.NaN;
    double seconds = Double.NaN;
    String last = "";
    for (String line : err.split("\n")) {
      if (line.startsWith("PEAK ")) {
        String[] parts = line.split(" ");
        kib = Double.parseDouble(parts[1]);
        seconds = Double.parseDouble(parts[2]);
      } else if (!line.isBlank() && !line.startsWith("Command exited")) {
        last = line;
      }
    }
    if (Double.isNaN(kib)) {
      throw new UncheckedIOException(
          new IOException("no peak reported for " + command + ": " + err));
    }
    return new Run(exit, seconds, kib / 1024, last);
  }
}
