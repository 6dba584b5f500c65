package dev.facenet.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.FaceNet;
import dev.facenet.common.Detector;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.image.ImageLoader;
import dev.facenet.nn.Torch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the whole photo pipeline, file to encodings (decode, detect, landmarks, align, encode), on
 * the photos given: milliseconds per photo, faces per second and process CPU per photo, after a
 * warm-up pass; first one photo after the other ({@link FaceNet#faces}), then all runs' photos as
 * one bulk job ({@link FaceNet#recognizeEach}, as {@code facenet recognize DIR} does). With {@code
 * --node-script} the same run then times face-api in Node (tfjs wasm) on the same files ({@code
 * detectAllFaces().withFaceLandmarks().withFaceDescriptors()}, decode included), one after the
 * other so they do not compete, and prints the ratio. A command, not a test: figures depend on the
 * machine's load.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.PipelineBenchmark [--runs 3] [--warmup 1]
 *     [--detector ssd|tiny] [--node-script reference/node/bench-pipeline.mjs] PHOTO...
 * </pre>
 *
 * scripts/bench-pipeline.sh runs it on the package's six demo photos.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (FaceNetException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] args) {
    int runs = 3;
    int warmup = 1;
    String detector = "ssd";
    Path nodeScript = null;
    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
        case "--detector" -> detector = value(args, ++i);
        case "--node-script" -> nodeScript = Path.of(value(args, ++i));
        case "--help" -> {
          System.out.println(
              "usage: PipelineBenchmark [--runs R] [--warmup W] [--detector ssd|tiny] "
                  + "[--node-script FILE] PHOTO...");
          return;
        }
        default -> photos.add(Path.of(args[i]));
      }
    }
    if (photos.isEmpty() || runs < 1 || warmup < 0) {
      throw new IllegalArgumentException(
          "give at least one photo, runs >= 1, warmup >= 0 (see --help)");
    }
    System.out.printf(
        Locale.ROOT,
        "facenet pipeline: %d photos, %d runs after %d warm-up, %d cores, PyTorch %s on %s, "
            + "OMP_WAIT_POLICY=%s%n",
        photos.size(),
        runs,
        warmup,
        Runtime.getRuntime().availableProcessors(),
        Torch.engine().getVersion(),
        Torch.device(),
        System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
    Map<String, Object> doc = new LinkedHashMap<>();
    Path gallery;
    try {
      // bulk recognition searches a gallery: one person, so the search costs nothing per face
      gallery = Files.createTempDirectory("facenet-pipeline-bench").resolve("people.db");
    } catch (IOException e) {
      throw new FaceNetException("cannot make a temporary gallery: " + e.getMessage(), e);
    }
    try (FaceNet faces =
        FaceNet.builder()
            .detector(Detector.parse(detector))
            .gallery(gallery)
            .enrollLargest(true)
            .build()) {
      for (int w = 0; w < warmup; w++) {
        for (Path p : photos) {
          faces.faces(ImageLoader.load(p));
        }
      }
      double[] walls = new double[photos.size() * runs];
      int found = 0;
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      int k = 0;
      for (int r = 0; r < runs; r++) {
        int pass = 0;
        for (Path p : photos) {
          long t = System.nanoTime();
          List<Face> f = faces.faces(ImageLoader.load(p));
          walls[k++] = (System.nanoTime() - t) / 1e6;
          pass += f.size();
        }
        found += pass;
        System.out.printf(Locale.ROOT, "  pass %d: %d faces%n", r + 1, pass);
      }
      double wallMs = (System.nanoTime() - wall0) / 1e6;
      double cpuMs = (processCpuNanos() - cpu0) / 1e6;
      int n = photos.size() * runs;
      Arrays.sort(walls);
      Map<String, Object> java = new LinkedHashMap<>();
      java.put("faces", found / runs);
      java.put("msPerPhoto", round(wallMs / n));
      java.put("msPerPhotoMedian", round(walls[n / 2]));
      java.put("cpuMsPerPhoto", round(cpuMs / n));
      java.put("facesPerSecond", round(found / (wallMs / 1000)));
      doc.put("facenet", java);
      System.out.printf(
          Locale.ROOT,
          "facenet  (%s): %d faces per pass, %.0f ms per photo (median %.0f), %.1f faces/s, "
              + "CPU %.0f ms per photo%n",
          detector,
          found / runs,
          wallMs / n,
          walls[n / 2],
          found / (wallMs / 1000),
          cpuMs / n);
      doc.put("facenetBulk", bulk(faces, photos, runs));
    }
    if (nodeScript != null) {
      JsonObject node = runNode(nodeScript, photos, runs, warmup);
      doc.put("faceApiNode", new Gson().fromJson(node, Map.class));
      @SuppressWarnings("unchecked")
      Map<String, Object> java = (Map<String, Object>) doc.get("facenet");
      double jm = ((Number) java.get("msPerPhoto")).doubleValue();
      double nm = node.get("msPerPhoto").getAsDouble();
      System.out.printf(
          Locale.ROOT,
          "face-api (node wasm): %d faces per pass, %.0f ms per photo (median %.0f), "
              + "%.1f faces/s, CPU %.0f ms per photo%n",
          node.get("faces").getAsInt(),
          nm,
          node.get("msPerPhotoMedian").getAsDouble(),
          node.get("facesPerSecond").getAsDouble(),
          node.get("cpuMsPerPhoto").getAsDouble());
      System.out.printf(
          Locale.ROOT,
          "facenet is %.2fx face-api's speed (wall), %.2fx (CPU)%n",
          nm / jm,
          node.get("cpuMsPerPhoto").getAsDouble()
              / ((Number) java.get("cpuMsPerPhoto")).doubleValue());
      doc.put("speedupWall", round(nm / jm));
      @SuppressWarnings("unchecked")
      Map<String, Object> bulk = (Map<String, Object>) doc.get("facenetBulk");
      double bm = ((Number) bulk.get("msPerPhoto")).doubleValue();
      System.out.printf(
          Locale.ROOT, "facenet bulk (recognizeEach) is %.2fx face-api's speed (wall)%n", nm / bm);
      doc.put("speedupBulkWall", round(nm / bm));
    }
    System.out.println(new Gson().toJson(doc));
  }

  /**
   * The same photos through {@link FaceNet#recognizeEach}, the way {@code facenet recognize DIR}
   * runs: decoding and detection of several photos overlap on the cores while the encoder batches
   * their faces. One list of all runs' photos, so the pipeline stays full.
   */
  private static Map<String, Object> bulk(FaceNet faces, List<Path> photos, int runs) {
    List<Path> all = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      all.addAll(photos);
    }
    faces.enroll("someone", photos.get(0)); // a gallery to search, enrolled before the clock runs
    int[] found = {0};
    long cpu0 = processCpuNanos();
    long wall0 = System.nanoTime();
    faces.recognizeEach(
        all,
        FaceNet.DEFAULT_THRESHOLD,
        1,
        result -> {
          if (result.error() != null) {
            throw new FaceNetException(result.image() + ": " + result.error());
          }
          found[0] += result.faces().size();
        });
    double wallMs = (System.nanoTime() - wall0) / 1e6;
    double cpuMs = (processCpuNanos() - cpu0) / 1e6;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("faces", found[0] / runs);
    out.put("msPerPhoto", round(wallMs / all.size()));
    out.put("cpuMsPerPhoto", round(cpuMs / all.size()));
    out.put("facesPerSecond", round(found[0] / (wallMs / 1000)));
    System.out.printf(
        Locale.ROOT,
        "facenet bulk (recognizeEach, default workers): %d faces per pass, %.0f ms per photo, "
            + "%.1f faces/s, CPU %.0f ms per photo%n",
        found[0] / runs,
        wallMs / all.size(),
        found[0] / (wallMs / 1000),
        cpuMs / all.size());
    return out;
  }

  private static JsonObject runNode(Path script, List<Path> photos, int runs, int warmup) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                script.getFileName().toString(),
                "--runs",
                String.valueOf(runs),
                "--warmup",
                String.valueOf(warmup)));
    photos.forEach(p -> command.add(p.toAbsolutePath().toString()));
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(script.toAbsolutePath().getParent().toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String last = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          last = line;
        }
      }
      int code = p.waitFor();
      if (code != 0 || last == null) {
        throw new FaceNetException("node " + script + " failed (exit code " + code + ")");
      }
      return JsonParser.parseString(last).getAsJsonObject();
    } catch (IOException e) {
      throw new FaceNetException("cannot run node " + script + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while waiting for node", e);
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
