package dev.facenet.bench;

import dev.facenet.FaceMatch;
import dev.facenet.FaceNet;
import dev.facenet.embed.BatchingEncoder;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.image.ImageLoader;
import dev.facenet.pipeline.FoundFace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * What one FaceNet shared by many threads delivers, measured side by side in one run so the
 * machine's mood cancels out of the ratios:
 *
 * <ol>
 *   <li>the encoder alone on batches of 32 aligned chips (the best it can do);
 *   <li>one thread encoding one chip per call through FaceNet;
 *   <li>eight threads each encoding one chip per call through the same FaceNet (its batching queue
 *       gathers them);
 *   <li>recognising whole photos end to end (decode, detect, landmarks, align, encode, gallery)
 *       with one thread, then with eight threads on the same FaceNet.
 * </ol>
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.ConcurrencyBenchmark [--seconds 10] [--threads 8] [PHOTO...]
 * </pre>
 *
 * scripts/bench-concurrency.sh runs it on the six demo photos of the weights package.
 */
public final class ConcurrencyBenchmark {
  private static final Path DEMO = Path.of("facenet-models/target/face-api-package/package/demo");

  private ConcurrencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = 10;
    int threads = 8;
    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> photos.add(Path.of(args[i]));
      }
    }
    if (photos.isEmpty()) {
      for (int i = 1; i <= 6; i++) {
        photos.add(DEMO.resolve("sample" + i + ".jpg"));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d cores, %d threads, %.0f s per measurement, %d photos%n",
        Runtime.getRuntime().availableProcessors(),
        threads,
        seconds,
        photos.size());

    List<BufferedImage> chips = new ArrayList<>();
    Path gallery = Files.createTempDirectory("facenet-bench").resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).enrollLargest(true).build()) {
      for (int i = 0; i < photos.size(); i++) {
        BufferedImage picture = ImageLoader.load(photos.get(i));
        List<FoundFace> found = faces.pipeline().finder().find(picture);
        chips.addAll(faces.pipeline().chips(picture, found));
        faces.enroll("person" + i, photos.get(i));
      }
      System.out.printf(
          Locale.ROOT,
          "%d aligned chips of %d x %d from the photos%n%n",
          chips.size(),
          chips.get(0).getWidth(),
          chips.get(0).getHeight());
      System.out.println("| what | threads | faces/s | photos/s | mean batch | vs reference |");
      System.out.println("|---|---|---|---|---|---|");

      double batch32;
      try (FaceEncoder encoder =
          FaceEncoders.open(faces.encoder().name(), EncoderOptions.defaults())) {
        List<BufferedImage> batch = new ArrayList<>();
        for (int i = 0; i < BatchingEncoder.MAX_BATCH; i++) {
          batch.add(chips.get(i % chips.size()));
        }
        encoder.encode(batch); // warm-up
        Rate r = measure(1, seconds, t -> encoder.encode(batch));
        batch32 = r.perSecond() * batch.size();
        row("encoder alone, batches of 32", 1, batch32, Double.NaN, Double.NaN, "reference");
      }

      BatchingEncoder queued = (BatchingEncoder) faces.encoder();
      for (int n : new int[] {1, threads}) {
        long b0 = queued.queue().batches();
        long i0 = queued.queue().items();
        AtomicLong next = new AtomicLong();
        Rate r =
            measure(
                n,
                seconds,
                t ->
                    faces
                        .encoder()
                        .encode(chips.get((int) (next.getAndIncrement() % chips.size()))));
        double mean = (double) (queued.queue().items() - i0) / (queued.queue().batches() - b0);
        row(
            "FaceNet, one chip per call",
            n,
            r.perSecond(),
            Double.NaN,
            mean,
            String.format(Locale.ROOT, "%.0f%% of batch 32", 100 * r.perSecond() / batch32));
      }

      double single = 0;
      for (int n : new int[] {1, threads}) {
        AtomicLong next = new AtomicLong();
        AtomicLong found = new AtomicLong();
        faces.recognizeAll(photos.get(0)); // warm-up of every network on this path
        Rate r =
            measure(
                n,
                seconds,
                t -> {
                  List<FaceMatch> m =
                      faces.recognizeAll(
                          photos.get((int) (next.getAndIncrement() % photos.size())));
                  found.addAndGet(m.size());
                });
        double facesPerSecond = found.get() / r.seconds();
        if (n == 1) {
          single = r.perSecond();
        }
        row(
            "recognize photos end to end",
            n,
            facesPerSecond,
            r.perSecond(),
            Double.NaN,
            n == 1
                ? "reference"
                : String.format(Locale.ROOT, "%.2fx one thread", r.perSecond() / single));
      }
    }
  }

  private static void row(
      String what,
      int threads,
      double facesPerSecond,
      double photosPerSecond,
      double meanBatch,
      String versus) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.1f | %s | %s | %s |%n",
        what,
        threads,
        facesPerSecond,
        Double.isNaN(photosPerSecond) ? "" : String.format(Locale.ROOT, "%.2f", photosPerSecond),
        Double.isNaN(meanBatch) ? "" : String.format(Locale.ROOT, "%.1f", meanBatch),
        versus);
  }

  /** Calls completed and the wall time they took. */
  record Rate(long calls, double seconds) {
    double perSecond() {
      return calls / seconds;
    }
  }

  /**
   * Runs {@code call} in {@code threads} threads, each as often as it can, for about {@code
   * seconds}.
   */
  static Rate measure(int threads, double seconds, IntConsumer call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong calls = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        running.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    call.accept(thread);
                    calls.incrementAndGet();
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Rate(calls.get(), (System.nanoTime() - start) / 1e9);
  }
}
