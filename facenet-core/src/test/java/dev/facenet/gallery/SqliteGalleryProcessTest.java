package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery against real processes: one killed with SIGKILL in the middle of enrolling, two
 * writing the same file at once while this one reads it. The other processes run {@link
 * GalleryWorker} on this JVM's class path.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hung child, not a speed assertion
class SqliteGalleryProcessTest {

  @TempDir Path dir;

  @Test
  void aProcessKilledInTheMiddleOfEnrollingLeavesNoHalfEnrolment() throws Exception {
    Path file = dir.resolve("killed.db");
    Path journal = dir.resolve("killed.db-journal");
    int next = 0;
    int killsInsideATransaction = 0;
    for (int round = 0; round < 3; round++) {
      Path output = dir.resolve("worker-" + round + ".out");
      Process child = worker(file, "p", next, -1, true, output);
      // let it commit a few people (big ones among them), then kill it while its journal shows a
      // transaction
      while (acknowledged(output, next) < next + 4) {
        assertThat(child.isAlive()).as("worker is running (stderr in %s)", dir).isTrue();
        Thread.sleep(5);
      }
      while (!Files.exists(journal) && child.isAlive()) {
        Thread.onSpinWait();
      }
      child.destroyForcibly();
      child.waitFor();
      int acknowledged = acknowledged(output, next); // including what it printed just before dying
      if (Files.exists(journal) && Files.size(journal) > 0) {
        killsInsideATransaction++; // a hot journal: SQLite must roll the half enrolment back on the
        // next open
      }

      int present = checkEveryoneComplete(file, "p", true);
      assertThat(present)
          .as("round %d: everything acknowledged was kept", round)
          .isGreaterThanOrEqualTo(acknowledged + 1);
      assertThat(present)
          .as("round %d: at most the one being written when killed", round)
          .isLessThanOrEqualTo(acknowledged + 2);
      assertIntegrity(file);
      next = present;
    }
    System.out.println(
        "gallery crash test: "
            + killsInsideATransaction
            + " of 3 kills landed inside a transaction, "
            + next
            + " people enrolled in all");
    assertThat(killsInsideATransaction).as("kills that landed inside a transaction").isPositive();
  }

  @Test
  void twoProcessesWritingWhileAThirdReadsCorruptNothing() throws Exception {
    Path file = dir.resolve("shared.db"); // not there yet: both workers race to create it
    Process a = worker(file, "a", 0, 25, false);
    Process b = worker(file, "b", 0, 25, false);
    int reads = 0;
    List<String> seenIncomplete = new ArrayList<>();
    while (a.isAlive() || b.isAlive()) {
      if (Files.exists(file) && Files.size(file) > 0) {
        try (SqliteGallery g = SqliteGallery.open(file)) {
          Map<String, List<Embedding>> all = g.encodings(GalleryWorker.MODEL, Crops.WHOLE_IMAGE);
          for (Map.Entry<String, List<Embedding>> e : all.entrySet()) {
            int i = Integer.parseInt(e.getKey().substring(2));
            if (e.getValue().size() != GalleryWorker.encodingsFor(i, false)) {
              seenIncomplete.add(e.getKey() + " with " + e.getValue().size());
            }
          }
          reads++;
        }
      }
      Thread.sleep(5);
    }
    assertThat(a.waitFor()).as("worker a exit code (stderr in %s)", dir).isZero();
    assertThat(b.waitFor()).as("worker b exit code (stderr in %s)", dir).isZero();
    assertThat(seenIncomplete).as("a reader never sees half an enrolment").isEmpty();
    assertThat(reads).isPositive();
    assertThat(checkEveryoneComplete(file, "a", false)).isEqualTo(25);
    assertThat(checkEveryoneComplete(file, "b", false)).isEqualTo(25);
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.people()).hasSize(50);
    }
    assertIntegrity(file);
  }

  /**
   * Opens the gallery as a user would and checks that people PREFIX-0..n-1 are there, each
   * complete.
   */
  private static int checkEveryoneComplete(Path file, String prefix, boolean big) {
    try (SqliteGallery g = SqliteGallery.open(file)) {
      Map<Integer, List<Embedding>> byIndex = new TreeMap<>();
      g.encodings(GalleryWorker.MODEL, Crops.WHOLE_IMAGE)
          .forEach(
              (name, list) -> {
                if (name.startsWith(prefix + "-")) {
                  byIndex.put(Integer.parseInt(name.substring(prefix.length() + 1)), list);
                }
              });
      long withoutEncodings = g.people().stream().filter(p -> p.encodings() == 0).count();
      assertThat(withoutEncodings).as("people without encodings").isZero();
      int n = byIndex.size();
      assertThat(byIndex.keySet())
          .as("no gaps")
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).boxed().toList());
      for (Map.Entry<Integer, List<Embedding>> e : byIndex.entrySet()) {
        String name = prefix + "-" + e.getKey();
        List<Embedding> list = e.getValue();
        assertThat(list).as(name).hasSize(GalleryWorker.encodingsFor(e.getKey(), big));
        for (int k = 0; k < list.size(); k += Math.max(1, list.size() / 7)) {
          assertThat(list.get(k).values())
              .as("%s encoding %d", name, k)
              .containsExactly(GalleryWorker.vector(name, k));
        }
      }
      return n;
    }
  }

  private static void assertIntegrity(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("ok");
      }
      try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(r.next()).as("foreign key violations").isFalse();
      }
    }
  }

  /** The last person the worker reported as committed (from - 1 when none yet). */
  private static int acknowledged(Path output, int from) throws IOException {
    int last = from - 1;
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      if (line.startsWith("enrolled ")) {
        last = Integer.parseInt(line.substring("enrolled ".length()).trim());
      }
    }
    return last;
  }

  private Process worker(Path file, String prefix, int from, int count, boolean big)
      throws IOException {
    return worker(file, prefix, from, count, big, dir.resolve("worker-" + prefix + ".out"));
  }

  private Process worker(Path file, String prefix, int from, int count, boolean big, Path output)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                GalleryWorker.class.getName(),
                file.toString(),
                prefix,
                String.valueOf(from),
                String.valueOf(count)));
    if (big) {
      command.add("big");
    }
    return new ProcessBuilder(command)
        .redirectOutput(output.toFile())
        .redirectError(dir.resolve(output.getFileName() + ".err").toFile())
        .start();
  }
}
