package dev.facenet.bench;

import dev.facenet.FaceNet;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.EnrolmentLines;
import dev.facenet.common.FaceNetException;
import dev.facenet.gallery.ExactIndex;
import dev.facenet.gallery.Hit;
import dev.facenet.gallery.HnswIndex;
import dev.facenet.gallery.VectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * How the gallery's search indexes behave from ten thousand to a million encodings: build time,
 * size on disk, process memory, single-thread query latency and recall against an exact float32
 * scan, at the level of people (each person by their closest encoding), on two kinds of data:
 *
 * <ul>
 *   <li>{@code gaussian}: independent standard normal vectors scaled to unit length (the length of
 *       face encodings is near 1 too), one encoding per person; queries are new vectors of the same
 *       kind. No structure at all: the hardest case for a graph.
 *   <li>{@code face}: "face-like" people. A Gaussian is fitted to the ResNet encodings of the
 *       fixture pictures: their mean, their covariance (the spread of centres) and the pooled
 *       covariance around each fixture person's own mean (the spread of one person's pictures).
 *       Each synthetic person is a centre drawn from the first, with {@value #PER_PERSON} encodings
 *       drawn around it from the second; a query is a new encoding of an existing person, so the
 *       true nearest is usually that person.
 * </ul>
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.SearchBenchmark [--sizes 10000,100000,1000000]
 *     [--kinds gaussian,face] [--index approximate|exact|both] [--queries 300] [--candidates N,..]
 *     [--reuse] [--shared ../shared] [--dir out/bench-search]
 * </pre>
 *
 * <p>{@code --candidates} lists the HNSW search breadths to measure on one build, one row each;
 * {@code --reuse} reads the index an earlier run saved for the same data (the data are generated
 * from a fixed seed) instead of building it again, and reports its build time as 0.
 *
 * <p>A command, not a test: nothing here asserts.
 */
public final class SearchBenchmark {
  private static final int DIM = 128;
  private static final int PER_PERSON = 3;
  private static final int WARM_UP = 100;
  private static final long SEED = 20_261_205L;

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
    List<String> kinds = List.of("gaussian", "face");
    String which = "approximate";
    int queries = 300;
    List<Integer> candidates = List.of(0);
    boolean reuse = false;
    Path shared = Path.of("../shared");
    Path dir = Path.of("out/bench-search");
    Path lines = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write-lines" -> lines = Path.of(args[++i]);
        case "--sizes" ->
            sizes = Stream.of(args[++i].split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        case "--kinds" -> kinds = List.of(args[++i].split(","));
        case "--index" -> which = args[++i];
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--candidates" ->
            candidates =
                Stream.of(args[++i].split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        case "--reuse" -> reuse = true;
        case "--shared" -> shared = Path.of(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: SearchBenchmark [--sizes 10000,100000,1000000] [--kinds gaussian,face]"
                  + " [--index approximate|exact|both] [--queries 300] [--candidates N,..] [--reuse]"
                  + " [--shared ../shared] [--dir out/bench-search]"
                  + " | --write-lines FILE --sizes N");
          System.exit(2);
        }
      }
    }
    if (lines != null) {
      Files.createDirectories(dir);
      writeLines(
          FaceModel.fit(fixtureEncodings(shared, dir.resolve("fixture-encodings.tsv"))),
          sizes.get(0),
          lines);
      return;
    }
    List<String> indexes =
        switch (which) {
          case "both" -> List.of("exact", "approximate");
          case "exact", "approximate" -> List.of(which);
          default -> throw new IllegalArgumentException("--index exact|approximate|both: " + which);
        };
    Files.createDirectories(dir);
    FaceModel model = null;
    System.out.printf(
        "%-8s %9s %-11s %9s %9s %8s %9s %9s %8s %8s%n",
        "data", "N", "index", "build s", "disk MB", "RSS MB", "mean ms", "p99 ms", "rec@1",
        "rec@10");
    for (String kind : kinds) {
      if (kind.equals("face") && model == null) {
        model = FaceModel.fit(fixtureEncodings(shared, dir.resolve("fixture-encodings.tsv")));
      }
      for (int n : sizes) {
        Data data =
            switch (kind) {
              case "gaussian" -> Data.gaussian(n, queries);
              case "face" -> Data.face(model, n, queries);
              default -> throw new IllegalArgumentException("--kinds gaussian,face: " + kind);
            };
        int[][] truth = data.bruteForce(10);
        for (String index : indexes) {
          Path folder = dir.resolve(kind + "-" + n + "-" + index);
          run(kind, index, data, truth, folder, candidates, reuse);
        }
      }
    }
  }

  private static void run(
      String kind,
      String which,
      Data data,
      int[][] truth,
      Path folder,
      List<Integer> breadths,
      boolean reuse)
      throws IOException {
    VectorIndex index = null;
    if (reuse) {
      index =
          which.equals("approximate") ? HnswIndex.load(folder, DIM) : ExactIndex.load(folder, DIM);
    }
    boolean loaded = index != null;
    if (!loaded) {
      deleteTree(folder);
    }
    long start = System.nanoTime();
    if (loaded) {
      // read from an earlier run
    } else if (which.equals("approximate")) {
      // as a gallery builds it: every row first, then one graph linked by one thread per core
      index =
          HnswIndex.bulk(
              DIM,
              sink -> {
                for (int i = 0; i < data.n; i++) {
                  sink.accept(i, data.person[i], data.row(i));
                }
              });
    } else {
      ExactIndex exact = new ExactIndex(DIM);
      for (int i = 0; i < data.n; i++) {
        exact.add(i, data.person[i], data.row(i));
      }
      exact.optimize();
      index = exact;
    }
    try {
      if (!loaded) {
        index.save(folder);
      }
      double build = loaded ? 0 : (System.nanoTime() - start) / 1e9;
      double disk = folderBytes(folder) / 1e6;
      double rss = ProcStatus.rssKb() / 1024.0;
      for (int candidates : breadths) {
        measure(kind, which, data, truth, index, candidates, build, disk, rss);
      }
    } finally {
      index.close();
    }
  }

  /** One row: latency and recall of the queries, searching this broadly. */
  private static void measure(
      String kind,
      String which,
      Data data,
      int[][] truth,
      VectorIndex index,
      int candidates,
      double build,
      double disk,
      double rss) {
    int q = data.queries.length;
    for (int i = 0; i < WARM_UP; i++) {
      search(index, data.queries[i % q], candidates);
    }
    long[] times = new long[q];
    int top1 = 0;
    int top10 = 0;
    for (int i = 0; i < q; i++) {
      long t = System.nanoTime();
      List<Hit> hits = search(index, data.queries[i], candidates);
      times[i] = System.nanoTime() - t;
      if (!hits.isEmpty() && hits.get(0).personId() == truth[i][0]) {
        top1++;
      }
      Set<Long> want = new HashSet<>();
      for (int p : truth[i]) {
        want.add((long) p);
      }
      for (Hit h : hits) {
        if (want.contains(h.personId())) {
          top10++;
        }
      }
    }
    Arrays.sort(times);
    double mean = Arrays.stream(times).average().orElse(0) / 1e6;
    double p99 = times[Math.min(q - 1, (int) Math.ceil(q * 0.99) - 1)] / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%-8s %9d %-11s %9.1f %9.1f %8.0f %9.3f %9.3f %8.3f %8.3f%n",
        kind,
        data.n,
        candidates > 0 && which.equals("approximate") ? "approx/" + candidates : which,
        build,
        disk,
        rss,
        mean,
        p99,
        top1 / (double) q,
        top10 / (10.0 * q));
  }

  private static List<Hit> search(VectorIndex index, float[] query, int candidates) {
    if (candidates > 0 && index instanceof HnswIndex hnsw) {
      return hnsw.search(query, 10, Double.POSITIVE_INFINITY, candidates);
    }
    return index.search(query, 10, Double.POSITIVE_INFINITY);
  }

  /**
   * Writes {@code n} face-like encodings as {@code facenet import} lines, as the default encoder
   * would tag them, {@value #PER_PERSON} per person: a large gallery to load for benchmarks of the
   * whole command.
   */
  private static void writeLines(FaceModel model, int n, Path file) throws IOException {
    Data data = Data.face(model, n, 0);
    try (java.io.BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < data.n; i++) {
        String name = String.format(Locale.ROOT, "synthetic-%07d", data.person[i]);
        out.write(
            EnrolmentLines.write(
                new Enrolment(name, new Embedding("resnet", "dlib-chip-150", data.row(i)))));
        out.newLine();
      }
    }
    System.out.printf("wrote %d encodings of %d people to %s%n", data.n, data.people, file);
  }

  // ---- data ----

  /** Vectors in one flat array (a million float[] objects would cost more than their values). */
  private static final class Data {
    final int n;
    final float[] values;
    final int[] person;
    final int people;
    final float[][] queries;

    Data(int n, float[] values, int[] person, int people, float[][] queries) {
      this.n = n;
      this.values = values;
      this.person = person;
      this.people = people;
      this.queries = queries;
    }

    float[] row(int i) {
      return Arrays.copyOfRange(values, i * DIM, (i + 1) * DIM);
    }

    static Data gaussian(int n, int queries) {
      Random random = new Random(SEED + n);
      float[] values = new float[n * DIM];
      int[] person = new int[n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(unitGaussian(random), 0, values, i * DIM, DIM);
        person[i] = i;
      }
      float[][] q = new float[queries][];
      for (int i = 0; i < queries; i++) {
        q[i] = unitGaussian(random);
      }
      return new Data(n, values, person, n, q);
    }

    static Data face(FaceModel model, int n, int queries) {
      Random random = new Random(SEED + 7 * n);
      int people = (n + PER_PERSON - 1) / PER_PERSON;
      float[][] centres = new float[people][];
      for (int p = 0; p < people; p++) {
        centres[p] = model.centre(random);
      }
      float[] values = new float[n * DIM];
      int[] person = new int[n];
      for (int i = 0; i < n; i++) {
        person[i] = i / PER_PERSON;
        System.arraycopy(model.encoding(centres[person[i]], random), 0, values, i * DIM, DIM);
      }
      float[][] q = new float[queries][];
      for (int i = 0; i < queries; i++) {
        q[i] = model.encoding(centres[random.nextInt(people)], random);
      }
      return new Data(n, values, person, people, q);
    }

    /** The k nearest people of each query by a float32 scan, on all cores. */
    int[][] bruteForce(int k) {
      return IntStream.range(0, queries.length)
          .parallel()
          .mapToObj(
              qi -> {
                float[] q = queries[qi];
                float[] best = new float[people];
                Arrays.fill(best, Float.POSITIVE_INFINITY);
                for (int i = 0; i < n; i++) {
                  float sum = 0;
                  int base = i * DIM;
                  for (int j = 0; j < DIM; j++) {
                    float d = q[j] - values[base + j];
                    sum += d * d;
                  }
                  if (sum < best[person[i]]) {
                    best[person[i]] = sum;
                  }
                }
                return IntStream.range(0, people)
                    .boxed()
                    .sorted(Comparator.comparingDouble(p -> best[p]))
                    .limit(k)
                    .mapToInt(Integer::intValue)
                    .toArray();
              })
          .toArray(int[][]::new);
    }
  }

  private static float[] unitGaussian(Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      norm += (double) v[i] * v[i];
    }
    double scale = 1 / Math.sqrt(norm);
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (v[i] * scale);
    }
    return v;
  }

  /** The fitted distribution of face encodings: where people are, and how one person varies. */
  private record FaceModel(double[] mean, double[][] between, double[][] within) {

    /** Fits to fixture encodings grouped by person (the picture's folder). */
    static FaceModel fit(Map<String, List<float[]>> byPerson) {
      List<float[]> all = byPerson.values().stream().flatMap(List::stream).toList();
      double[] mean = new double[DIM];
      for (float[] v : all) {
        for (int j = 0; j < DIM; j++) {
          mean[j] += v[j] / all.size();
        }
      }
      double[][] total = new double[DIM][DIM];
      for (float[] v : all) {
        accumulate(total, v, mean, 1.0 / (all.size() - 1));
      }
      double[][] within = new double[DIM][DIM];
      int residuals = 0;
      for (List<float[]> pictures : byPerson.values()) {
        residuals += Math.max(0, pictures.size() - 1);
      }
      for (List<float[]> pictures : byPerson.values()) {
        if (pictures.size() < 2) {
          continue;
        }
        double[] own = new double[DIM];
        for (float[] v : pictures) {
          for (int j = 0; j < DIM; j++) {
            own[j] += v[j] / pictures.size();
          }
        }
        for (float[] v : pictures) {
          accumulate(within, v, own, 1.0 / residuals);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "face model: %d encodings of %d people (%d with several pictures); same person"
              + " %.3f, different people %.3f apart (root mean square)%n",
          all.size(),
          byPerson.size(),
          byPerson.values().stream().filter(l -> l.size() > 1).count(),
          Math.sqrt(2 * trace(within)),
          Math.sqrt(2 * trace(total)));
      return new FaceModel(mean, cholesky(total), cholesky(within));
    }

    float[] centre(Random random) {
      return draw(mean, between, random);
    }

    float[] encoding(float[] centre, Random random) {
      double[] c = new double[DIM];
      for (int j = 0; j < DIM; j++) {
        c[j] = centre[j];
      }
      return draw(c, within, random);
    }

    private static float[] draw(double[] mean, double[][] lower, Random random) {
      double[] z = new double[DIM];
      for (int j = 0; j < DIM; j++) {
        z[j] = random.nextGaussian();
      }
      float[] v = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        double s = mean[i];
        for (int j = 0; j <= i; j++) {
          s += lower[i][j] * z[j];
        }
        v[i] = (float) s;
      }
      return v;
    }

    private static void accumulate(double[][] cov, float[] v, double[] mean, double weight) {
      double[] d = new double[DIM];
      for (int j = 0; j < DIM; j++) {
        d[j] = v[j] - mean[j];
      }
      for (int a = 0; a < DIM; a++) {
        for (int b = 0; b < DIM; b++) {
          cov[a][b] += weight * d[a] * d[b];
        }
      }
    }

    private static double trace(double[][] m) {
      double t = 0;
      for (int i = 0; i < DIM; i++) {
        t += m[i][i];
      }
      return t;
    }

    /**
     * The lower triangle L with L Lᵀ = m; a small ridge keeps it defined when there are fewer
     * pictures than dimensions along some direction.
     */
    private static double[][] cholesky(double[][] m) {
      double ridge = 1e-6 * trace(m) / DIM;
      double[][] l = new double[DIM][DIM];
      for (int i = 0; i < DIM; i++) {
        for (int j = 0; j <= i; j++) {
          double s = m[i][j] + (i == j ? ridge : 0);
          for (int k = 0; k < j; k++) {
            s -= l[i][k] * l[j][k];
          }
          l[i][j] = i == j ? Math.sqrt(Math.max(s, ridge)) : s / l[j][j];
        }
      }
      return l;
    }
  }

  /**
   * The ResNet encodings of every fixture picture with a face, by person (the picture's folder; a
   * loose picture is its own person). Encoded once, then read from {@code cache}.
   */
  private static Map<String, List<float[]>> fixtureEncodings(Path shared, Path cache)
      throws IOException {
    Map<String, List<float[]>> byPerson = new LinkedHashMap<>();
    if (Files.exists(cache)) {
      for (String line : Files.readAllLines(cache)) {
        String[] f = line.split("\t");
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
          v[j] = Float.parseFloat(f[j + 1]);
        }
        byPerson.computeIfAbsent(f[0], x -> new ArrayList<>()).add(v);
      }
      return byPerson;
    }
    Path fixtures = shared.resolve("fixtures");
    List<Path> pictures;
    try (Stream<Path> files = Files.walk(fixtures)) {
      pictures =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png|pgm|gif|bmp)$"))
              .sorted()
              .toList();
    }
    List<String> lines = new ArrayList<>();
    try (FaceNet faces = FaceNet.builder().build()) {
      for (Path p : pictures) {
        Embedding e;
        try {
          e = faces.encode(p);
        } catch (FaceNetException noFace) {
          continue;
        }
        Path parent = fixtures.relativize(p).getParent();
        String person =
            parent != null && parent.getNameCount() > 1
                ? parent.toString()
                : fixtures.relativize(p).toString();
        byPerson.computeIfAbsent(person, x -> new ArrayList<>()).add(e.values());
        StringBuilder line = new StringBuilder(person);
        for (float x : e.values()) {
          line.append('\t').append(x);
        }
        lines.add(line.toString());
      }
    }
    Files.write(cache, lines);
    return byPerson;
  }

  // ---- measuring ----

  private static long folderBytes(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
