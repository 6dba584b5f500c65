package dev.facenet.bench;

import dev.facenet.DatasetEnrolment;
import dev.facenet.DatasetFolder;
import dev.facenet.FaceNet;
import dev.facenet.PictureEncoding;
import dev.facenet.PictureResult;
import dev.facenet.embed.BatchingEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What bulk recognition and enrolment ({@link FaceNet#recognizeEach}, {@link FaceNet#encodeEach},
 * {@link FaceNet#enrollDataset}) gain over calling the one-picture methods one after the other, on
 * a folder-per-person dataset (ORL by default), measured side by side in one JVM and one run so
 * that the machine's mood cancels out of the ratios. Pictures 1 to 5 of each person are enrolled, 6
 * to 10 recognised.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.BulkBenchmark [--people 40] [--rounds 1] [DATASET]
 * </pre>
 */
public final class BulkBenchmark {
  private BulkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of("../shared/fixtures/orl");
    int people = 40;
    int rounds = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--people" -> people = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> root = Path.of(args[i]);
      }
    }
    List<DatasetFolder.Picture> enrol = new ArrayList<>();
    List<Path> probes = new ArrayList<>();
    for (int s = 1; s <= people; s++) {
      for (int k = 1; k <= 10; k++) {
        Path p = root.resolve("s" + s).resolve(k + ".pgm");
        if (k <= 5) {
          enrol.add(new DatasetFolder.Picture("s" + s, p));
        } else {
          probes.add(p);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d cores, %d people, %d pictures to enrol, %d to recognise, default workers %d%n%n",
        Runtime.getRuntime().availableProcessors(),
        people,
        enrol.size(),
        probes.size(),
        Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    System.out.println("| round | what | workers | pictures/s | mean batch | vs one by one |");
    System.out.println("|---|---|---|---|---|---|");
    Path gallery = Files.createTempDirectory("facenet-bulk-bench").resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      List<Path> enrolPaths = enrol.stream().map(DatasetFolder.Picture::image).toList();
      faces.encodeForEnrollment("warm", enrolPaths.subList(0, 4)); // networks loaded, warmed up
      BatchingEncoder queue = (BatchingEncoder) faces.encoder();
      for (int round = 1; round <= rounds; round++) {
        long t0 = System.nanoTime();
        faces.encodeForEnrollment("one-by-one", enrolPaths);
        double oneByOne = rate(enrolPaths.size(), t0);
        row(round, "encode for enrolment, one by one", "-", oneByOne, Double.NaN, oneByOne);
        for (int workers : new int[] {1, 2, 4}) {
          long b0 = queue.queue().batches();
          long i0 = queue.queue().items();
          AtomicInteger skipped = new AtomicInteger();
          long t = System.nanoTime();
          faces.encodeEach(
              enrolPaths,
              workers,
              (PictureEncoding e) -> {
                if (!e.encoded()) {
                  skipped.incrementAndGet();
                }
              });
          double r = rate(enrolPaths.size(), t);
          row(round, "encodeEach", "" + workers, r, meanBatch(queue, b0, i0), oneByOne);
        }
      }
      long t = System.nanoTime();
      DatasetEnrolment stored =
          faces.enrollDataset(new DatasetFolder(root, enrol, List.of()), e -> {});
      double enrolled = rate(enrol.size(), t);
      System.out.printf(
          Locale.ROOT,
          "| - | enrollDataset (encode + store), %d people, %d pictures, %d refused | default |"
              + " %.2f | | |%n",
          stored.people(),
          stored.pictures(),
          stored.refused().size(),
          enrolled);

      double threshold = FaceNet.DEFAULT_THRESHOLD;
      for (int round = 1; round <= rounds; round++) {
        long t0 = System.nanoTime();
        int right = 0;
        for (Path p : probes) {
          right += named(p, faces.recognizeAll(p, threshold, 1).stream().map(m -> m.match()));
        }
        double oneByOne = rate(probes.size(), t0);
        row(
            round,
            "recognizeAll one by one (" + right + " right)",
            "-",
            oneByOne,
            Double.NaN,
            oneByOne);
        for (int workers : new int[] {1, 2, 4}) {
          long b0 = queue.queue().batches();
          long i0 = queue.queue().items();
          int[] ok = {0};
          long t1 = System.nanoTime();
          faces.recognizeEach(
              probes,
              threshold,
              1,
              workers,
              (PictureResult r) ->
                  ok[0] += named(r.image(), r.faces().stream().map(m -> m.match())));
          double rate = rate(probes.size(), t1);
          row(
              round,
              "recognizeEach (" + ok[0] + " right)",
              "" + workers,
              rate,
              meanBatch(queue, b0, i0),
              oneByOne);
        }
      }
    }
  }

  /** 1 when the picture's only face is named after its folder. */
  private static int named(Path p, java.util.stream.Stream<dev.facenet.Match> matches) {
    List<dev.facenet.Match> m = matches.toList();
    String person = p.getParent().getFileName().toString();
    return m.size() == 1 && person.equals(m.get(0).name()) ? 1 : 0;
  }

  private static double rate(int pictures, long startNanos) {
    return pictures / ((System.nanoTime() - startNanos) / 1e9);
  }

  private static double meanBatch(BatchingEncoder queue, long batches0, long items0) {
    long batches = queue.queue().batches() - batches0;
    return batches == 0 ? Double.NaN : (double) (queue.queue().items() - items0) / batches;
  }

  private static void row(
      int round, String what, String workers, double rate, double meanBatch, double reference) {
    System.out.printf(
        Locale.ROOT,
        "| %d | %s | %s | %.2f | %s | %.2fx |%n",
        round,
        what,
        workers,
        rate,
        Double.isNaN(meanBatch) ? "" : String.format(Locale.ROOT, "%.1f", meanBatch),
        rate / reference);
  }
}
