package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Embedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte pass of {@link ExactIndex} only filters, with either kernel: every answer must equal a
 * float brute force, distances bit for bit, on data made to be hard for it (people whose encodings
 * are all close together, many near ties, values beyond the byte range).
 */
class ExactIndexTest {
  private static final int DIM = 128;

  @TempDir Path dir;

  /** A stored row as the brute force sees it. */
  private record Row(long encodingId, long personId, float[] vector) {}

  private static List<Hit> bruteForce(
      List<Row> rows, Set<Long> removed, float[] query, int k, double maxDistance) {
    Map<Long, Double> best = new HashMap<>();

    for (Row r : rows) {
      if (removed.contains(r.personId())) {
        continue;
      }
      double d = Embedding.distance(query, r.vector());
      if (d <= maxDistance) {
        best.merge(r.personId(), d, Math::min);
      }
    }
    return best.entrySet().stream()
        .map(e -> new Hit(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::personId))
        .limit(k)
        .toList();
  }

  /**
   * People as clusters on the unit sphere with encodings spread around each, like face encodings.
   */
  private static List<Row> faceLike(SplittableRandom random, int people, int perPerson) {
    List<Row> rows = new ArrayList<>();
    long id = 1;
    for (int p = 0; p < people; p++) {
      float[] centre = unit(gaussian(random, 1.0));
      int n = 1 + random.nextInt(perPerson);
      for (int i = 0; i < n; i++) {
        float[] v = gaussian(random, 0.03);
        for (int d = 0; d < DIM; d++) {
          v[d] += centre[d];
        }
        rows.add(new Row(id++, 1000 + p, v));
      }
    }
    return rows;
  }

  private static float[] gaussian(SplittableRandom random, double sigma) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float s = (float) (1 / Math.sqrt(n));
    for (int d = 0; d < v.length; d++) {
      v[d] *= s;
    }
    return v;
  }

  /** An index of the rows, its axes fitted to the first half: the rest is added after. */
  private static ExactIndex index(List<Row> rows) {
    ExactIndex index = new ExactIndex(DIM);
    for (int i = 0; i < rows.size(); i++) {
      if (i == rows.size() / 2) {
        index.optimize();
      }
      Row r = rows.get(i);
      index.add(r.encodingId(), r.personId(), r.vector());
    }
    return index;
  }

  @Test
  void answersEqualAFloatBruteForceOnFaceLikeData() {
    SplittableRandom random = new SplittableRandom(7);
    List<Row> rows = faceLike(random, 3000, 4);
    try (ExactIndex index = index(rows)) {
      for (int t = 0; t < 60; t++) {
        // queries near a stored person (the usual case) and anywhere (the hard case for bounds)
        float[] q =
            t % 2 == 0
                ? perturb(rows.get(random.nextInt(rows.size())).vector(), random)
                : unit(gaussian(random, 1.0));
        int k = 1 + random.nextInt(20);
        assertThat(index.search(q, k, Double.POSITIVE_INFINITY))
            .as("query %d, k=%d", t, k)
            .containsExactlyElementsOf(bruteForce(rows, Set.of(), q, k, Double.POSITIVE_INFINITY));
      }
    }
  }

  private static float[] perturb(float[] v, SplittableRandom random) {
    float[] out = v.clone();
    for (int d = 0; d < DIM; d++) {
      out[d] += (float) (random.nextGaussian() * 0.02);
    }
    return out;
  }

  @Test
  void ties_areBrokenByPersonIdAndDuplicatesCountOncePerPerson() {
    float[] v = unit(gaussian(new SplittableRandom(1), 1.0));
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      rows.add(new Row(2 * p, 500 - p, v)); // fifty people with the very same encoding
      rows.add(new Row(2 * p + 1, 500 - p, v));
    }
    try (ExactIndex index = index(rows)) {
      List<Hit> hits = index.search(v, 5, Double.POSITIVE_INFINITY);
      assertThat(hits).extracting(Hit::personId).containsExactly(451L, 452L, 453L, 454L, 455L);
      assertThat(hits).extracting(Hit::distance).containsOnly(0.0);
    }
  }

  @Test
  void structurelessVectorsWithAxesNeverFittedStayExact() {
    SplittableRandom random = new SplittableRandom(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new Row(i, i % 300, gaussian(random, 2.0))); // no direction stands out
    }
    try (ExactIndex index = new ExactIndex(DIM)) {
      for (Row r : rows) {
        index.add(r.encodingId(), r.personId(), r.vector());
      }
      for (int t = 0; t < 20; t++) {
        float[] q = gaussian(random, 2.0);
        assertThat(index.search(q, 10, Double.POSITIVE_INFINITY))
            .containsExactlyElementsOf(bruteForce(rows, Set.of(), q, 10, Double.POSITIVE_INFINITY));
      }
    }
  }

  @Test
  void thePlainLoopKernelGivesTheSameAnswers() {
    SplittableRandom random = new SplittableRandom(4);
    List<Row> rows = faceLike(random, 1500, 3);
    try (ExactIndex plain = new ExactIndex(DIM, ByteDots.Kernel.SCALAR);
        ExactIndex index = index(rows)) {
      for (Row r : rows) {
        plain.add(r.encodingId(), r.personId(), r.vector());
      }
      plain.optimize();
      for (int t = 0; t < 20; t++) {
        float[] q = perturb(rows.get(random.nextInt(rows.size())).vector(), random);
        List<Hit> expected = bruteForce(rows, Set.of(), q, 7, Double.POSITIVE_INFINITY);
        assertThat(plain.search(q, 7, Double.POSITIVE_INFINITY))
            .containsExactlyElementsOf(expected);
        assertThat(index.search(q, 7, Double.POSITIVE_INFINITY))
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void maxDistanceAndRemovalsAreHonoured() {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = faceLike(random, 800, 3);
    Set<Long> removed = new HashSet<>();
    try (ExactIndex index = index(rows)) {
      for (int p = 1000; p < 1800; p += 3) {
        index.removePerson(p);
        removed.add((long) p);
      }
      index.removePerson(-5); // not there: nothing happens
      long live = rows.stream().filter(r -> !removed.contains(r.personId())).count();
      assertThat(index.size()).isEqualTo(live);
      for (int t = 0; t < 30; t++) {
        Row near = rows.get(random.nextInt(rows.size()));
        float[] q = perturb(near.vector(), random);
        double max = 0.2 + random.nextDouble();
        List<Hit> expected = bruteForce(rows, removed, q, 8, max);
        assertThat(index.search(q, 8, max)).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aSavedIndexReadsBackTheSameAnswersAndChangeCounter() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    List<Row> rows = faceLike(random, 500, 3);
    Path folder = dir.resolve("idx");
    float[] q = perturb(rows.get(17).vector(), random);
    List<Hit> before;
    try (ExactIndex index = index(rows)) {
      index.removePerson(rows.get(17).personId());
      index.setChanges(42);
      before = index.search(q, 10, Double.POSITIVE_INFINITY);
      index.save(folder);
    }
    try (ExactIndex back = ExactIndex.load(folder, DIM)) {
      assertThat(back.changes()).isEqualTo(42);
      assertThat(back.search(q, 10, Double.POSITIVE_INFINITY)).containsExactlyElementsOf(before);
      // rows added to a loaded index (its first rows stay in the file) and saved again
      List<Row> more = faceLike(random, 200, 3);
      List<Row> all = new ArrayList<>();
      for (Row r : rows) {
        if (r.personId() != rows.get(17).personId()) {
          all.add(r);
        }
      }
      for (Row r : more) {
        Row moved = new Row(r.encodingId() + 100_000, r.personId() + 100_000, r.vector());
        all.add(moved);
        back.add(moved.encodingId(), moved.personId(), moved.vector());
      }
      back.removePerson(rows.get(3).personId());
      Set<Long> gone = Set.of(rows.get(3).personId());
      for (int t = 0; t < 10; t++) {
        float[] probe = perturb(all.get(random.nextInt(all.size())).vector(), random);
        assertThat(back.search(probe, 5, Double.POSITIVE_INFINITY))
            .containsExactlyElementsOf(bruteForce(all, gone, probe, 5, Double.POSITIVE_INFINITY));
      }
      back.save(folder); // over the file it is mapped from
      try (ExactIndex again = ExactIndex.load(folder, DIM)) {
        float[] probe = perturb(more.get(5).vector(), random);
        assertThat(again.size()).isEqualTo(back.size());
        assertThat(again.search(probe, 5, Double.POSITIVE_INFINITY))
            .containsExactlyElementsOf(bruteForce(all, gone, probe, 5, Double.POSITIVE_INFINITY));
      }
    }
    assertThat(ExactIndex.load(dir.resolve("none"), DIM)).isNull();
    assertThatThrownBy(() -> ExactIndex.load(folder, 64)).hasMessageContaining("not 64");
  }

  @Test
  void aDamagedFileIsReportedNotReadAsAnAnswer() throws IOException {
    SplittableRandom random = new SplittableRandom(9);
    Path folder = dir.resolve("idx");
    try (ExactIndex index = index(faceLike(random, 50, 2))) {
      index.save(folder);
    }
    Path file = folder.resolve(ExactIndex.FILE);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 100));
    assertThatThrownBy(() -> ExactIndex.load(folder, DIM)).hasMessageContaining("cut short");
    Files.write(file, Arrays.copyOf(whole, whole.length + 4));
    assertThatThrownBy(() -> ExactIndex.load(folder, DIM)).hasMessageContaining("damaged");
    byte[] flipped = whole.clone();
    flipped[whole.length - 8 - 4 * 60] ^= 1; // a byte of the codes: it could hide a person
    Files.write(file, flipped);
    assertThatThrownBy(() -> ExactIndex.load(folder, DIM)).hasMessageContaining("checksum");
    Files.write(file, "not an index at all".getBytes());
    assertThatThrownBy(() -> ExactIndex.load(folder, DIM)).isInstanceOf(IOException.class);
  }

  @Test
  void askingForMorePeopleThanThereAreGivesEveryone() {
    SplittableRandom random = new SplittableRandom(13);
    List<Row> rows = faceLike(random, 12, 6);
    try (ExactIndex index = index(rows)) {
      float[] q = unit(gaussian(random, 1.0));
      List<Hit> all = index.search(q, 50, Double.POSITIVE_INFINITY);
      assertThat(all).hasSize(12);
      assertThat(all).containsExactlyElementsOf(bruteForce(rows, Set.of(), q, 50, 1e9));
    }
  }

  @Test
  void aQueryOfTheWrongLengthIsRefused() {
    try (ExactIndex index = new ExactIndex(DIM)) {
      assertThat(index.search(new float[DIM], 3, 1.0)).isEmpty();
      assertThatThrownBy(() -> index.search(new float[3], 3, 1.0))
          .hasMessageContaining("the query has 3");
      assertThatThrownBy(() -> index.add(1, 1, new float[3])).hasMessageContaining("got 3");
    }
  }
}
