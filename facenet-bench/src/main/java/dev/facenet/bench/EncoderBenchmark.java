package dev.facenet.bench;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import dev.facenet.common.FaceNetException;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.image.ImageLoader;
import dev.facenet.nn.Torch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures how fast the registered encoders turn face pictures into encodings, at batch 1 and batch
 * 32 (or the sizes given), on real pictures from the folders given, after a warm-up, and the peak
 * memory of the process (VmHWM, reset before each model where Linux allows, so each model's row
 * shows its own peak). Timing covers the encoder's own work: input preparation and the network, not
 * decoding the files. The CPU time per face (all threads of the process) is printed too: unlike
 * faces per second it barely depends on what else the machine is running. Prints a table and a JSON
 * document. A command, not a test: figures depend on the machine and its load.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.EncoderBenchmark \
 *     [--model resnet] [--model nn4-small2] [--weights DIR] [--batch 1,32] [--seconds 10] [--warmup 3]
 *     [--limit 1000] [--json FILE] [--node-script reference/node/bench-descriptors.mjs] FOLDER...
 * </pre>
 *
 * <p>With {@code --node-script}, the same run then times face-api's descriptor network in Node
 * (tfjs wasm) on the same picture files, one after the other so they do not compete, and compares
 * it with our ResNet. scripts/bench-encoders.sh runs all of this with the fixtures.
 */
public final class EncoderBenchmark {

  /** One measured configuration. */
  public record Result(
      String model,
      int batch,
      int faces,
      double seconds,
      double facesPerSecond,
      double msPerBatch,
      double msPerBatchMedian,
      double cpuMsPerFace,
      long peakRssKb) {}

  private EncoderBenchmark() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (FaceNetException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] args) {
    List<String> models = new ArrayList<>();
    List<Path> folders = new ArrayList<>();
    Path weights = null;
    Path json = null;
    Path nodeScript = null;
    int[] batches = {1, 32};
    double seconds = 10;
    double warmup = 3;
    int limit = 1000;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--model" -> models.add(value(args, ++i, a));
        case "--weights" -> weights = Path.of(value(args, ++i, a));
        case "--batch" ->
            batches =
                Arrays.stream(value(args, ++i, a).split(","))
                    .mapToInt(s -> Integer.parseInt(s.trim()))
                    .toArray();
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
        case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
        case "--limit" -> limit = Integer.parseInt(value(args, ++i, a));
        case "--json" -> json = Path.of(value(args, ++i, a));
        case "--node-script" -> nodeScript = Path.of(value(args, ++i, a));
        case "--help", "-h" -> {
          System.out.println(
              "usage: EncoderBenchmark [--model NAME]... [--weights DIR] [--batch 1,32] [--seconds S]"
                  + " [--warmup S] [--limit N] [--json FILE] [--node-script FILE] FOLDER...\nmodels: "
                  + FaceEncoders.names());
          return;
        }
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          folders.add(Path.of(a));
        }
      }
    }
    if (folders.isEmpty()) {
      throw new IllegalArgumentException("give at least one folder of face pictures");
    }
    if (models.isEmpty()) {
      models.addAll(FaceEncoders.names());
    }
    List<Path> files = pictureFiles(folders, limit);
    List<BufferedImage> pictures = files.stream().map(ImageLoader::load).toList();
    int maxBatch = Arrays.stream(batches).max().orElse(1);
    if (pictures.size() < maxBatch) {
      System.err.println(
          "note: "
              + pictures.size()
              + " pictures for a batch of "
              + maxBatch
              + ": batches repeat pictures");
    }
    System.out.printf(
        Locale.ROOT,
        "%d pictures from %s; %d cores; PyTorch %s on %s%n",
        pictures.size(),
        folders,
        Runtime.getRuntime().availableProcessors(),
        Torch.engine().getVersion(),
        Torch.device());

    List<Result> results = new ArrayList<>();
    Map<String, Object> opened = new LinkedHashMap<>();
    boolean perModelPeak = true;
    for (String model : models) {
      System.gc();
      perModelPeak &= resetPeak();
      long t0 = System.nanoTime();
      EncoderOptions options =
          weights != null && model.equals("nn4-small2")
              ? EncoderOptions.withWeights(weights)
              : EncoderOptions.defaults();
      try (FaceEncoder encoder = FaceEncoders.open(model, options)) {
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        opened.put(
            model,
            Map.of("open_seconds", round(openSeconds, 3), "warning", encoder.warning().orElse("")));
        encoder.warning().ifPresent(w -> System.out.println("note: " + w));
        for (int batch : batches) {
          results.add(measure(encoder, pictures, batch, warmup, seconds));
          System.out.println(row(results.get(results.size() - 1)));
        }
      }
    }

    System.out.println();
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-12s %6s %8s %10s %10s %14s %16s %13s %10s",
            "model",
            "batch",
            "faces",
            "seconds",
            "faces/s",
            "ms/batch mean",
            "ms/batch median",
            "CPU ms/face",
            "VmHWM MiB"));
    for (Result r : results) {
      System.out.println(row(r));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("pictures", pictures.size());
    doc.put("folders", folders.stream().map(Path::toString).toList());
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("load_average", loadAverage());
    doc.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    doc.put("torch_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    doc.put("encoders", opened);
    doc.put("results", results);
    doc.put("peak_rss_kb", ProcStatus.peakKb());
    doc.put("peak_rss_per_model", perModelPeak);
    if (nodeScript != null) {
      System.out.println("face-api in Node on the same " + files.size() + " files ...");
      Map<String, Object> node = runNode(nodeScript, files, seconds);
      doc.put("face_api_node", node);
      Map<String, Object> vs = compare(results, node);
      doc.put("resnet_vs_face_api", vs);
      vs.forEach(
          (batch, c) -> System.out.println("resnet vs face-api (Node, wasm), " + batch + ": " + c));
    }
    String text =
        new GsonBuilder()
            .setPrettyPrinting()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create()
            .toJson(doc);
    System.out.println(text);
    if (json != null) {
      try {
        Files.writeString(json, text + "\n");
      } catch (IOException e) {
        throw new FaceNetException(json + ": cannot write it (" + e.getMessage() + ")", e);
      }
    }
  }

  private static Result measure(
      FaceEncoder encoder, List<BufferedImage> pictures, int batch, double warmup, double seconds) {
    int[] cursor = {0};
    long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
    int warmRuns = 0;
    while (warmRuns < 2 || System.nanoTime() < warmEnd) {
      encoder.encode(next(pictures, cursor, batch));
      warmRuns++;
    }
    List<Double> times = new ArrayList<>();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int faces = 0;
    while (times.size() < 3 || System.nanoTime() < end) {
      List<BufferedImage> slice = next(pictures, cursor, batch);
      long t = System.nanoTime();
      float[][] out = encoder.encode(slice);
      times.add((System.nanoTime() - t) / 1e6);
      faces += out.length;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpuMs = (processCpuNanos() - cpuStart) / 1e6;
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double mean = Arrays.stream(sorted).average().orElse(0);
    return new Result(
        encoder.name(),
        batch,
        faces,
        round(elapsed, 3),
        round(faces / elapsed, 1),
        round(mean, 2),
        round(median, 2),
        round(cpuMs / faces, 2),
        ProcStatus.peakKb());
  }

  private static List<BufferedImage> next(List<BufferedImage> pictures, int[] cursor, int batch) {
    List<BufferedImage> out = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      out.add(pictures.get(cursor[0]));
      cursor[0] = (cursor[0] + 1) % pictures.size();
    }
    return out;
  }

  private static List<Path> pictureFiles(List<Path> folders, int limit) {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw new FaceNetException(folder + ": not a folder of pictures");
      }
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile)
            .filter(EncoderBenchmark::isPicture)
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new FaceNetException(folder + ": cannot list it (" + e.getMessage() + ")", e);
      }
    }
    if (files.isEmpty()) {
      throw new FaceNetException("no pictures in " + folders);
    }
    return files.size() > limit ? files.subList(0, limit) : files;
  }

  /**
   * Runs face-api's timing script in Node on the same files and returns the JSON object it prints.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> runNode(Path script, List<Path> files, double seconds) {
    List<String> command =
        new ArrayList<>(
            List.of("node", script.getFileName().toString(), "--seconds", String.valueOf(seconds)));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(script.toAbsolutePath().getParent().toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int code = p.waitFor();
      String last = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
      if (code != 0 || last.isEmpty()) {
        throw new FaceNetException(script + " failed (exit " + code + "): " + out.strip());
      }
      return new GsonBuilder()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .create()
          .fromJson(last, Map.class);
    } catch (IOException e) {
      throw new FaceNetException("cannot run node " + script + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while running " + script, e);
    }
  }

  /** Our ResNet against face-api in Node: ratios of faces per wall second and per CPU second. */
  private static Map<String, Object> compare(List<Result> results, Map<String, Object> node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Result r : results) {
      if (!r.model().equals("resnet") || (r.batch() != 1 && r.batch() != 32)) {
        continue;
      }
      double nodeWall = ((Number) node.get("faces_per_second_batch" + r.batch())).doubleValue();
      double nodeCpu = ((Number) node.get("faces_per_cpu_second_batch" + r.batch())).doubleValue();
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("java_faces_per_second", r.facesPerSecond());
      c.put("node_faces_per_second", nodeWall);
      c.put("speedup_wall", round(r.facesPerSecond() / nodeWall, 2));
      c.put("java_faces_per_cpu_second", round(1000 / r.cpuMsPerFace(), 1));
      c.put("node_faces_per_cpu_second", nodeCpu);
      c.put("speedup_cpu", round(1000 / r.cpuMsPerFace() / nodeCpu, 2));
      out.put("batch" + r.batch(), c);
    }
    return out;
  }

  private static boolean isPicture(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg")
        || n.endsWith(".jpeg")
        || n.endsWith(".png")
        || n.endsWith(".pgm")
        || n.endsWith(".ppm")
        || n.endsWith(".bmp")
        || n.endsWith(".gif")
        || n.endsWith(".webp");
  }

  private static String row(Result r) {
    return String.format(
        Locale.ROOT,
        "%-12s %6d %8d %10.2f %10.1f %14.2f %16.2f %13.2f %10.1f",
        r.model(),
        r.batch(),
        r.faces(),
        r.seconds(),
        r.facesPerSecond(),
        r.msPerBatch(),
        r.msPerBatchMedian(),
        r.cpuMsPerFace(),
        r.peakRssKb() / 1024.0);
  }

  /** CPU time of the whole process (all threads, native ones included), in nanoseconds. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * Starts a new peak: Linux resets VmHWM to the current resident size when "5" is written to
   * clear_refs, so each model's figure is its own (the pictures and the JVM included) rather than
   * the largest so far.
   */
  private static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
