package dev.facenet.bench;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.SearchMode;
import dev.facenet.gallery.Galleries;
import dev.facenet.gallery.Gallery;
import dev.facenet.gallery.SqliteGallery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of the gallery stores themselves, the same data in each: a bulk enrolment of N 128-value
 * encodings (three per person), then, in a new handle as a new process would have, the first search
 * of each kind (which builds its index from the store, or for SQLite may load the one saved beside
 * the file) and warm searches after it. Tells whether the PostgreSQL store costs more than the
 * embedded one where it matters to a user.
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.GalleryStoreBenchmark [--count 100000]
 *     [--queries 200] [--dir out/bench-store] [--postgres postgresql://user@host/empty_database]
 * </pre>
 *
 * <p>The PostgreSQL database must be empty (it is left holding the gallery). A command, not a test:
 * nothing here asserts.
 */
public final class GalleryStoreBenchmark {
  private static final int DIM = 128;
  private static final int PER_PERSON = 3;
  private static final String MODEL = "bench";

  private GalleryStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = 100_000;
    int queries = 200;
    Path dir = Path.of("out/bench-store");
    String postgres = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--postgres" -> postgres = args[++i];
        default -> {
          System.err.println(
              "usage: GalleryStoreBenchmark [--count 100000] [--queries 200]"
                  + " [--dir out/bench-store] [--postgres postgresql://user@host/empty_database]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("gallery.db");
    Files.deleteIfExists(file);
    deleteTree(SqliteGallery.indexFolder(file));
    System.out.printf(
        "%-9s %8s %10s %-12s %14s %12s%n",
        "store", "N", "enrol s", "search", "first ms", "warm ms");
    run(
        "sqlite",
        file.toString(),
        count,
        queries,
        () -> deleteTree(SqliteGallery.indexFolder(file)));
    if (postgres != null) {
      run("postgres", postgres, count, queries, () -> {});
    }
  }

  private static void run(String store, String where, int count, int queries, Chore forgetIndexes)
      throws IOException {
    try (Gallery g = Galleries.open(where)) {
      if (!g.people().isEmpty()) {
        throw new IllegalStateException(store + ": the gallery must start empty");
      }
      long start = System.nanoTime();
      long added = g.enrollAll(entries(count));
      double enrol = (System.nanoTime() - start) / 1e9;
      System.out.printf("%-9s %8d %10.2f%n", store, added, enrol);
    }
    for (SearchMode mode : List.of(SearchMode.EXACT, SearchMode.APPROXIMATE)) {
      forgetIndexes.run(); // the first search builds from the store, not from a saved index
      try (Gallery g = Galleries.open(where)) {
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        g.nearest(vector(random), 5, Double.POSITIVE_INFINITY, mode);
        double first = (System.nanoTime() - start) / 1e6;
        double[] warm = new double[queries];
        for (int i = 0; i < queries; i++) {
          Embedding q = vector(random);
          long t = System.nanoTime();
          g.nearest(q, 5, Double.POSITIVE_INFINITY, mode);
          warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf(
            "%-9s %8d %10s %-12s %14.0f %12.2f%n",
            store, count, "", mode.id() + " (median)", first, warm[queries / 2]);
      }
    }
  }

  /** N encodings, three per person, the same in every run. */
  private static Iterator<Enrolment> entries(int count) {
    SplittableRandom random = new SplittableRandom(20_261_205L);
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public Enrolment next() {
        return new Enrolment("p" + (i++ / PER_PERSON), vector(random));
      }
    };
  }

  private static Embedding vector(SplittableRandom random) {
    float[] v = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      v[j] = (float) (random.nextGaussian() / Math.sqrt(DIM));
    }
    return new Embedding(MODEL, Crops.WHOLE_IMAGE, v);
  }

  @FunctionalInterface
  private interface Chore {
    void run() throws IOException;
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
