package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {
  private static final int DIM = 128;
  private static final int COUNT = 20_000;
  private static final int QUERIES = 300;

  private static float[][] vectors;
  private static HnswIndex index;

  @BeforeAll
  static void buildIndex() {
    Random random = new Random(42);
    vectors = new float[COUNT][];
    for (int i = 0; i < COUNT; i++) {
      vectors[i] = unitGaussian(random);
    }
    // linked by one thread per core, as a gallery builds it
    index =
        HnswIndex.bulk(
            DIM,
            sink -> {
              for (int i = 0; i < COUNT; i++) {
                sink.accept(1_000_000L + i, i, vectors[i]);
              }
            });
  }

  @Test
  void aBulkBuildHoldsEveryRowAndReportsAFailedProducer() {
    assertThat(index.size()).isEqualTo(COUNT);
    for (int i = 0; i < COUNT; i += 97) {
      assertThat(index.search(vectors[i], 1, 0))
          .extracting(Hit::personId)
          .containsExactly((long) i);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HnswIndex.bulk(
                    DIM,
                    sink -> {
                      sink.accept(1, 1, vectors[0]);
                      throw new IllegalStateException("the store went away");
                    }))
        .hasMessage("the store went away");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HnswIndex.bulk(DIM, sink -> sink.accept(1, 1, new float[3])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void closeIndex() {
    index.close();
  }

  /** A random direction, scaled to unit length like a face encoding. */
  private static float[] unitGaussian(Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      norm += (double) v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < DIM; i++) {
      v[i] *= scale;
    }
    return v;
  }

  /** The k nearest rows by a float32 scan, as row numbers (here also the person ids). */
  private static List<Long> bruteForce(float[] query, int k) {
    Integer[] order = new Integer[COUNT];
    double[] d = new double[COUNT];
    for (int i = 0; i < COUNT; i++) {
      order[i] = i;
      float sum = 0;
      for (int j = 0; j < DIM; j++) {
        float x = query[j] - vectors[i][j];
        sum += x * x;
      }
      d[i] = sum;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> d[i]));
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add((long) order[i]);
    }
    return out;
  }

  /**
   * Independent random directions are the hardest data for a graph (no structure at all: the
   * nearest is barely nearer than the rest), so the search keeps more candidates than the default.
   */
  @Test
  void findsNearlyTheSameNearestPeopleAsAScan() {
    Random random = new Random(7);
    int top1 = 0;
    int top10 = 0;
    for (int q = 0; q < QUERIES; q++) {
      float[] query = unitGaussian(random);
      List<Long> truth = bruteForce(query, 10);
      List<Long> found =
          index.search(query, 10, Double.POSITIVE_INFINITY, 800).stream()
              .map(Hit::personId)
              .toList();
      assertThat(found).hasSize(10);
      if (found.get(0).equals(truth.get(0))) {
        top1++;
      }
      Set<Long> common = new HashSet<>(found);
      common.retainAll(truth);
      top10 += common.size();
    }
    assertThat(top1 / (double) QUERIES).isGreaterThanOrEqualTo(0.98);
    assertThat(top10 / (10.0 * QUERIES)).isGreaterThanOrEqualTo(0.98);
  }

  /**
   * Face-like queries: a new encoding of a known person, nearer to that person than to anyone else.
   * The default search finds them.
   */
  @Test
  void findsThePersonOfANewEncodingWithTheDefaults() {
    Random random = new Random(9);
    int hits = 0;
    for (int q = 0; q < QUERIES; q++) {
      int person = random.nextInt(COUNT);
      float[] query = vectors[person].clone();
      for (int i = 0; i < DIM; i++) {
        query[i] += (float) (0.05 * random.nextGaussian());
      }
      if (bruteForce(query, 1).get(0) == person
          && index.search(query, 1, 0.9).get(0).personId() == person) {
        hits++;
      }
    }
    assertThat(hits / (double) QUERIES).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void distancesAreExact() {
    float[] query = unitGaussian(new Random(11));
    for (Hit h : index.search(query, 5, Double.POSITIVE_INFINITY)) {
      assertThat(h.distance())
          .isEqualTo(
              dev.facenet.common.Embedding.distance(query, vectors[(int) h.personId()]),
              within(0.0));
    }
  }

  @Test
  void answersOnePersonByTheirClosestEncoding() {
    try (HnswIndex people = HnswIndex.inMemory(2)) {
      people.add(1, 10, new float[] {0, 0});
      people.add(2, 10, new float[] {0.1f, 0});
      people.add(3, 10, new float[] {0.5f, 0});
      people.add(4, 20, new float[] {0, 0.3f});
      people.add(5, 20, new float[] {0, 0.4f});
      people.add(6, 30, new float[] {2, 0});

      List<Hit> hits = people.search(new float[] {0.09f, 0}, 10, 10);

      assertThat(hits).extracting(Hit::personId).containsExactly(10L, 20L, 30L);
      assertThat(hits.get(0).distance()).isCloseTo(0.01, within(1e-6));
      assertThat(hits.get(1).distance()).isCloseTo(Math.hypot(0.09, 0.3), within(1e-6));
      assertThat(hits.get(2).distance()).isCloseTo(1.91, within(1e-6));
      assertThat(people.search(new float[] {0.09f, 0}, 2, 10))
          .extracting(Hit::personId)
          .containsExactly(10L, 20L);
      assertThat(people.search(new float[] {0.09f, 0}, 10, 0.5))
          .extracting(Hit::personId)
          .containsExactly(10L, 20L);
      assertThat(people.search(new float[] {5, 5}, 10, 0.5)).isEmpty();
      assertThat(people.size()).isEqualTo(6);
    }
  }

  @Test
  void findsEveryPersonWhenTheyOwnManyOfTheNearestEncodings() {
    // 300 encodings of one person around the query crowd out the others in the graph's first
    // answer.
    try (HnswIndex crowded = HnswIndex.inMemory(DIM)) {
      Random random = new Random(3);
      float[] centre = unitGaussian(random);
      for (int i = 0; i < 300; i++) {
        float[] v = centre.clone();
        v[i % DIM] += 0.001f * (i + 1);
        crowded.add(i, 1, v);
      }
      for (int p = 2; p <= 20; p++) {
        crowded.add(1000 + p, p, unitGaussian(random));
      }
      List<Hit> hits = crowded.search(centre, 5, Double.POSITIVE_INFINITY);
      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).personId()).isEqualTo(1L);
      assertThat(hits).extracting(Hit::personId).doesNotHaveDuplicates();
    }
  }

  @Test
  void removePersonRemovesAllTheirEncodings() {
    try (HnswIndex people = HnswIndex.inMemory(2)) {
      people.add(1, 10, new float[] {0, 0});
      people.add(2, 10, new float[] {1, 0});
      people.add(3, 20, new float[] {0, 1});
      assertThat(people.search(new float[] {0, 0}, 1, 5))
          .extracting(Hit::personId)
          .containsExactly(10L);

      people.removePerson(10);

      assertThat(people.size()).isEqualTo(1);
      assertThat(people.search(new float[] {0, 0}, 5, 5))
          .extracting(Hit::personId)
          .containsExactly(20L);
      people.removePerson(20);
      assertThat(people.search(new float[] {0, 0}, 5, 5)).isEmpty();
    }
  }

  @Test
  void savedAndReopenedGivesTheSameAnswers(@TempDir Path dir) throws Exception {
    Random random = new Random(5);
    Map<Integer, List<Hit>> before = new HashMap<>();
    List<float[]> queries = new ArrayList<>();
    for (int q = 0; q < 20; q++) {
      queries.add(unitGaussian(random));
    }
    Path inPlace = dir.resolve("in-place");
    try (HnswIndex saved = HnswIndex.inMemory(DIM)) {
      for (int i = 0; i < 3000; i++) {
        saved.add(i, i / 3, vectors[i]);
      }
      saved.removePerson(7);
      saved.setChanges(41);
      saved.save(inPlace);
      saved.setChanges(42);
      saved.save(inPlace);
      saved.save(dir.resolve("copy"));
      for (int q = 0; q < queries.size(); q++) {
        before.put(q, saved.search(queries.get(q), 10, 1.2));
      }
      // Changes after the last save are not kept: the saved state and its counter stay together.
      saved.add(99_999, 99_999, queries.get(0));
    }
    for (Path folder : List.of(inPlace, dir.resolve("copy"))) {
      try (HnswIndex reopened = HnswIndex.load(folder, DIM)) {
        assertThat(reopened.changes()).isEqualTo(42);
        assertThat(reopened.size()).isEqualTo(2997);
        for (int q = 0; q < queries.size(); q++) {
          assertThat(reopened.search(queries.get(q), 10, 1.2)).isEqualTo(before.get(q));
        }
      }
    }
    assertThat(HnswIndex.load(dir.resolve("none"), DIM)).isNull();
  }

  @Test
  void refusesVectorsOfAnotherDimension(@TempDir Path dir) {
    assertThatThrownBy(() -> index.search(new float[64], 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 values")
        .hasMessageContaining("128");
    assertThatThrownBy(() -> index.add(1, 1, new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 values");
    try (HnswIndex saved = HnswIndex.inMemory(DIM)) {
      saved.add(1, 1, vectors[0]);
      saved.save(dir);
    }
    assertThatThrownBy(() -> HnswIndex.load(dir, 64)).hasMessageContaining("128 values, not 64");
  }

  @Test
  void searchesWhileAnotherThreadAdds() throws Exception {
    try (HnswIndex shared = HnswIndex.inMemory(DIM)) {
      for (int i = 0; i < 2000; i++) {
        shared.add(i, i, vectors[i]);
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        Future<?> adder =
            pool.submit(
                () -> {
                  for (int i = 2000; i < 4000; i++) {
                    shared.add(i, i, vectors[i]);
                  }
                });
        List<Future<Boolean>> searches = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          searches.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 200; i++) {
                      List<Hit> hits = shared.search(vectors[i], 1, Double.POSITIVE_INFINITY);
                      if (hits.get(0).personId() != i) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
        adder.get();
        for (Future<Boolean> s : searches) {
          assertThat(s.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(shared.size()).isEqualTo(4000);
      assertThat(shared.search(vectors[3999], 1, 0).get(0).personId()).isEqualTo(3999L);
    }
  }

  @Test
  void aDamagedOrShortenedFileIsRefusedNeverRead(@TempDir Path dir) throws Exception {
    try (HnswIndex saved = HnswIndex.inMemory(DIM)) {
      for (int i = 0; i < 500; i++) {
        saved.add(i, i, vectors[i]);
      }
      saved.save(dir);
    }
    Path file = dir.resolve(HnswIndex.FILE);
    byte[] whole = java.nio.file.Files.readAllBytes(file);
    java.nio.file.Files.write(file, Arrays.copyOf(whole, whole.length - 7));
    assertThatThrownBy(() -> HnswIndex.load(dir, DIM)).hasMessageContaining("cut short");

    // a link to a node that does not exist, in the last node's list
    byte[] bad = whole.clone();
    java.nio.ByteBuffer.wrap(bad).putInt(bad.length - 8, 1_000_000);
    java.nio.file.Files.write(file, bad);
    assertThatThrownBy(() -> HnswIndex.load(dir, DIM)).hasMessageContaining("damaged");

    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    java.nio.file.Files.write(file, longer);
    assertThatThrownBy(() -> HnswIndex.load(dir, DIM)).hasMessageContaining("goes on");

    java.nio.file.Files.write(file, whole);
    try (HnswIndex back = HnswIndex.load(dir, DIM)) {
      assertThat(back.size()).isEqualTo(500);
    }
  }

  @Test
  void removingMostPeopleRebuildsTheGraphFromTheRest(@TempDir Path dir) throws Exception {
    try (HnswIndex people =
        HnswIndex.bulk(
            DIM,
            sink -> {
              for (int i = 0; i < 6000; i++) {
                sink.accept(i, i, vectors[i]);
              }
            })) {
      for (int i = 0; i < 6000; i += 3) {
        people.search(vectors[i], 1, 0); // searches in between do not disturb it
        people.removePerson(i);
        people.removePerson(i + 1);
      }
      assertThat(people.size()).isEqualTo(2000);
      for (int i = 2; i < 6000; i += 3) {
        assertThat(people.search(vectors[i], 1, Double.POSITIVE_INFINITY))
            .extracting(Hit::personId)
            .containsExactly((long) i);
      }
      people.add(7000, 7000, vectors[7000]);
      people.save(dir);
    }
    try (HnswIndex back = HnswIndex.load(dir, DIM)) {
      assertThat(back.size()).isEqualTo(2001);
      assertThat(back.search(vectors[7000], 1, 0)).extracting(Hit::personId).containsExactly(7000L);
      assertThat(back.search(vectors[0], 1, 0.01)).isEmpty();
      back.add(7001, 7001, vectors[7001]);
      assertThat(back.search(vectors[7001], 1, 0)).extracting(Hit::personId).containsExactly(7001L);
    }
  }

  /**
   * A graph linked by principal coordinates (as bulk builds of large galleries are) still finds the
   * person of a new encoding, with exact distances, and keeps doing so after a save, a load and
   * more encodings. The data vary mostly along a few directions, as face encodings do.
   */
  @Test
  void aGraphOnPrincipalCoordinatesFindsThePeopleOfFaceLikeData(@TempDir Path dir)
      throws Exception {
    Random random = new Random(13);
    int people = 4000;
    float[][] centres = new float[people][DIM];
    for (int p = 0; p < people; p++) {
      for (int d = 0; d < DIM; d++) {
        centres[p][d] = (float) (Math.exp(-d / 12.0) * random.nextGaussian());
      }
    }
    float[][] rows = new float[3 * people][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = nearby(centres[i / 3], 0.02, random);
    }
    HnswIndex.Graph graph = HnswIndex.Graph.DEFAULT;
    try (HnswIndex projected =
        HnswIndex.bulk(
            DIM,
            graph,
            0,
            sink -> {
              for (int i = 0; i < rows.length; i++) {
                sink.accept(i, i / 3, rows[i]);
              }
            })) {
      List<float[]> queries = new ArrayList<>();
      for (int q = 0; q < QUERIES; q++) {
        queries.add(nearby(centres[random.nextInt(people)], 0.02, random));
      }
      int right = 0;
      for (float[] query : queries) {
        long truth = nearestPerson(rows, query);
        Hit found = projected.search(query, 1, Double.POSITIVE_INFINITY).get(0);
        if (found.personId() == truth) {
          right++;
          assertThat(found.distance())
              .isEqualTo(
                  dev.facenet.common.Embedding.distance(query, rows[(int) nearestRow(rows, query)]),
                  within(0.0));
        }
      }
      assertThat(right / (double) QUERIES).isGreaterThanOrEqualTo(0.98);

      projected.save(dir);
      try (HnswIndex back = HnswIndex.load(dir, DIM)) {
        for (float[] query : queries.subList(0, 50)) {
          assertThat(back.search(query, 5, 2)).isEqualTo(projected.search(query, 5, 2));
        }
        float[] newcomer = nearby(centres[0], 0.5, random);
        back.add(99_999, 99_999, newcomer);
        assertThat(back.search(newcomer, 1, 0)).extracting(Hit::personId).containsExactly(99_999L);
      }
    }
  }

  private static float[] nearby(float[] centre, double spread, Random random) {
    float[] v = centre.clone();
    for (int d = 0; d < DIM; d++) {
      v[d] += (float) (spread * random.nextGaussian());
    }
    return v;
  }

  private static long nearestRow(float[][] rows, float[] query) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < rows.length; i++) {
      double d = dev.facenet.common.Embedding.distance(query, rows[i]);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  private static long nearestPerson(float[][] rows, float[] query) {
    return nearestRow(rows, query) / 3;
  }
}
