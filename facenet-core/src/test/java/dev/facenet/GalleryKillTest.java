package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.AuditEntry;
import dev.facenet.common.ContentHash;
import dev.facenet.common.Enrolment;
import dev.facenet.common.EnrolmentLines;
import dev.facenet.common.Neighbour;
import dev.facenet.gallery.SqliteGallery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Crash safety at scale: child processes ({@link KillWorker}) enrol people one transaction at a
 * time, import JSON lines all or nothing, or enrol ORL pictures through {@link FaceNet}, and are
 * killed with SIGKILL at random moments, over a hundred times in all. After every kill the gallery
 * is opened as a reading command opens it and must pass SQLite's integrity and foreign key checks
 * and hold exactly what had committed: every enrolment or import the child reported, with all its
 * encodings bit for bit, at most the one under way when it died (then complete), and nothing else;
 * its change counter and audit count exactly those transactions.
 *
 * <p>The journal: a kill during a commit leaves a hot one (its header written, the database file
 * perhaps half written); the first read after the open rolls it back and deletes it (facenet opens
 * its file read-write even to read). A connection opened read-only right then is refused by SQLite
 * (SQLITE_READONLY_ROLLBACK), never shown half a transaction. A kill before the commit leaves a
 * stale one (its header still zero, the database file untouched): SQLite never plays it back, and
 * the next write removes it.
 *
 * <p>The encodings are real: the parent computes those of {@link #PEOPLE} ORL people once and hands
 * them to the children in a file, so that only the few picture children load the networks. Kills
 * come four ways ({@link Kill}): at a random time after the child starts (sometimes before its
 * gallery exists), at a random time after it reported a few commits, as soon as its journal shows a
 * transaction under way, or as soon as that journal is hot (a commit writing the database file).
 * Properties {@code facenet.kill.count} (kills of the enrolment and import children, 100), {@code
 * facenet.kill.pictures} (kills of picture children, 3) and {@code facenet.kill.seed} make longer
 * runs, or a run again; the seed and a summary are printed.
 */
class GalleryKillTest {
  static final int PEOPLE = 12;
  static final Path ORL = Path.of(System.getProperty("facenet.shared"), "fixtures", "orl");

  /** What a process killed by SIGKILL exits with, as {@link Process#exitValue} reports it. */
  private static final int KILLED = 128 + 9;

  @TempDir Path dir;

  @Test
  void killedAtRandomAGalleryKeepsExactlyWhatCommitted() throws Exception {
    long seed = Long.getLong("facenet.kill.seed", System.nanoTime());
    int kills = Integer.getInteger("facenet.kill.count", 100);
    int pictureKills = Integer.getInteger("facenet.kill.pictures", 3);
    System.out.println("gallery kill test: seed " + seed + " (-Dfacenet.kill.seed to repeat)");
    long start = System.nanoTime();
    long startCpu = processCpu();

    List<List<Enrolment>> real = encodeOrl();
    System.out.printf(
        "gallery kill test: %d ORL people encoded in %.1f s%n",
        real.size(), (System.nanoTime() - start) / 1e9);
    Path realFile = dir.resolve("real.jsonl");
    List<String> lines = new ArrayList<>();
    real.forEach(person -> person.forEach(e -> lines.add(EnrolmentLines.write(e))));
    Files.write(realFile, lines, StandardCharsets.UTF_8);
    Path nativeLibrary = sqliteLibrary();

    SplittableRandom random = new SplittableRandom(seed);
    int enrolKills = (kills * 11 + 19) / 20; // 55 %: they are cheaper than the imports
    List<Lane> lanes =
        List.of(
            new Lane("enroll", realFile, real, enrolKills, random.split(), nativeLibrary),
            new Lane("import", realFile, real, kills - enrolKills, random.split(), nativeLibrary),
            new Lane("pictures", ORL, real, pictureKills, random.split(), nativeLibrary));
    // two at a time, one per core: the picture lane starts when the first of the others is done
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Lane lane : lanes) {
        running.add(
            pool.submit(
                () -> {
                  lane.run();
                  return null;
                }));
      }
      // a guard against a hung child, not a speed assertion: minutes more than the run needs
      long deadline =
          System.nanoTime() + TimeUnit.SECONDS.toNanos(300 + 10L * (kills + 5 * pictureKills));
      for (Future<?> f : running) {
        try {
          f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error; // an assertion, with its message
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow(); // after a failure: the other lanes stop and kill their children
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    StringBuilder summary = new StringBuilder("gallery kill test: ");
    int total = 0;
    int inside = 0;
    long childCpu = 0;
    for (Lane lane : lanes) {
      total += lane.kills;
      inside += lane.insideATransaction;
      childCpu += lane.childCpu;
      summary.append(lane.summary()).append("; ");
    }
    summary.append(
        String.format(
            "%d kills, %d inside a transaction, %.0f s (CPU: this process %.0f s, the children"
                + " %.0f s), seed %d",
            total,
            inside,
            (System.nanoTime() - start) / 1e9,
            (processCpu() - startCpu) / 1e9,
            childCpu / 1e9,
            seed));
    System.out.println(summary);
    assertThat(total).isEqualTo(kills + pictureKills);
    for (Lane lane : lanes.subList(0, 2)) {
      if (lane.planned >= 10) {
        assertThat(lane.insideATransaction)
            .as("%s kills that landed inside a transaction", lane.mode)
            .isPositive();
        assertThat(lane.committed).as("%s transactions committed", lane.mode).isPositive();
      }
    }
  }

  /** The CPU time this process has used, in nanoseconds (all its threads, surefire's too). */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Pictures 1 to 5 of ORL people 1 to PEOPLE, encoded once, with their pictures' hashes. */
  private static List<List<Enrolment>> encodeOrl() {
    List<Path> pictures = new ArrayList<>();
    for (int s = 1; s <= PEOPLE; s++) {
      for (int k = 1; k <= KillWorker.PICTURES; k++) {
        pictures.add(ORL.resolve("s" + s).resolve(k + ".pgm"));
      }
    }
    List<List<Enrolment>> out = new ArrayList<>();
    try (FaceNet faces = FaceNet.builder().wholeImage(true).build()) {
      faces.encodeEach(
          pictures,
          encoded -> {
            assertThat(encoded.encoded()).as("%s: %s", encoded.image(), encoded.skipped()).isTrue();
            String name = encoded.image().getParent().getFileName().toString();
            if (out.isEmpty() || !out.get(out.size() - 1).get(0).name().equals(name)) {
              out.add(new ArrayList<>());
            }
            out.get(out.size() - 1)
                .add(new Enrolment(name, encoded.embedding(), ContentHash.of(encoded.image())));
          });
    }
    assertThat(out).hasSize(PEOPLE);
    return out;
  }

  /**
   * SQLite's native library, unpacked once for all the children: otherwise each unpacks its own
   * copy and a killed one leaves it behind. Null when the driver has none for this machine (then
   * each child unpacks its own, into the test's folder).
   */
  private Path sqliteLibrary() throws IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    String resource =
        "/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Path folder = Files.createDirectories(dir.resolve("native"));
      Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      return folder.resolve(name);
    }
  }

  /** What a kill left of the journal. */
  private enum Journal {
    NONE,
    /** Its header still zero: SQLite never plays it back (and deletes it on the next write). */
    STALE,
    /** Its header written: SQLite rolls the database file back from it. */
    HOT;

    static Journal of(Path journal) {
      try (InputStream in = Files.newInputStream(journal)) {
        int first = in.read();
        return first > 0 ? HOT : STALE; // SQLite's test: a first byte that is not zero
      } catch (java.nio.file.NoSuchFileException e) {
        return NONE;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** How a child is killed. */
  private enum Kill {
    /** A random time after it starts: often before its gallery is open, sometimes not created. */
    EARLY,
    /** A random time after it opened its gallery and reported a few commits. */
    LATER,
    /** As soon as its journal shows a transaction under way, and a random few microseconds on. */
    IN_TRANSACTION,
    /**
     * As soon as its journal is hot: the transaction is committing, the database file being
     * written.
     */
    IN_COMMIT
  }

  /** One gallery file and the children that work on it, one after the other. */
  private final class Lane {
    final String mode;
    final Path input;
    final List<List<Enrolment>> real;
    final int planned;
    final SplittableRandom random;
    final Path nativeLibrary;
    final Path file;
    final Path journal;

    /** What has committed, by name, in the order stored. */
    final Map<String, List<Enrolment>> expected = new LinkedHashMap<>();

    /** The committed people's names (enrolments) in commit order. */
    final List<String> order = new ArrayList<>();

    int next;
    int committed;
    int kills;
    int insideATransaction;
    int underWayKept;
    int underWayLost;
    int beforeAnyGallery;
    long checking;
    long childCpu;
    int hotJournals;
    int staleJournals;
    int readOnlyRefused;
    int readOnlyRead;

    /** What a read-only connection read after this kill: people, or -1 when SQLite refused. */
    Integer readOnly;

    final Map<Kill, Integer> byKind = new HashMap<>();

    Lane(
        String mode,
        Path input,
        List<List<Enrolment>> real,
        int planned,
        SplittableRandom random,
        Path nativeLibrary) {
      this.mode = mode;
      this.input = input;
      this.real = real;
      this.planned = planned;
      this.random = random;
      this.nativeLibrary = nativeLibrary;
      this.file = dir.resolve(mode + ".db");
      this.journal = dir.resolve(mode + ".db-journal");
    }

    String summary() {
      return String.format(
          "%s: %d kills (%s), %d inside a transaction (%d hot journals rolled back, %d stale"
              + " ones left), %d transactions committed, the one under way kept %d times and gone"
              + " %d times, %d before the gallery existed; a read-only connection after a hot"
              + " journal refused %d times, read the committed people %d times; checks %.1f s",
          mode,
          kills,
          byKind,
          insideATransaction,
          hotJournals,
          staleJournals,
          committed,
          underWayKept,
          underWayLost,
          beforeAnyGallery,
          readOnlyRefused,
          readOnlyRead,
          checking / 1e9);
    }

    void run() throws Exception {
      for (int round = 0; round < planned; round++) {
        round(round);
      }
    }

    private void round(int round) throws Exception {
      Path out = dir.resolve(mode + "-" + round + ".out");
      Path err = dir.resolve(mode + "-" + round + ".err");
      Kill kind = kind();
      Process child = start(out, err);
      try {
        awaitKill(kind, child, out, err);
      } finally {
        // SIGKILL on Linux; also when waiting failed, so that no child outlives the test
        childCpu += child.info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
        child.destroyForcibly();
      }
      assertThat(child.waitFor())
          .as("%s child killed, not ended on its own: %s", mode, Files.readString(err))
          .isEqualTo(KILLED);
      kills++;
      byKind.merge(kind, 1, Integer::sum);
      Journal left = Journal.of(journal);
      if (left != Journal.NONE) {
        insideATransaction++;
      }
      if (left == Journal.HOT) {
        hotJournals++; // the file may hold half a transaction: the next open must roll it back
        if (hotJournals % 2 == 1) {
          readOnly = readOnly(); // before anything rolls it back
        }
      }
      long t = System.nanoTime();
      check(round, acknowledged(out), left);
      checking += System.nanoTime() - t;
    }

    /** Waits as {@code kind} says, for the moment to kill the child. */
    private void awaitKill(Kill kind, Process child, Path out, Path err) throws Exception {
      switch (kind) {
        case EARLY -> Thread.sleep(random.nextInt(1_500));
        case LATER -> {
          awaitCommits(child, out, err, commitsFirst());
          Thread.sleep(random.nextInt(mode.equals("pictures") ? 2_000 : 300));
        }
        case IN_TRANSACTION -> {
          awaitCommits(child, out, err, commitsFirst());
          while (Journal.of(journal) == Journal.NONE) {
            assertThat(child.isAlive()).as("%s child alive (stderr %s)", mode, err).isTrue();
            LockSupport.parkNanos(50_000); // a look every 50 us or so leaves the child its core
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
          }
          long until = System.nanoTime() + random.nextInt(300_000);
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        }
        case IN_COMMIT -> {
          awaitCommits(child, out, err, commitsFirst());
          while (Journal.of(journal) != Journal.HOT) {
            assertThat(child.isAlive()).as("%s child alive (stderr %s)", mode, err).isTrue();
            LockSupport.parkNanos(50_000); // a commit's writes and syncs take longer
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
          }
        }
      }
    }

    private Kill kind() {
      if (mode.equals("pictures")) {
        return Kill.LATER; // the networks take seconds to load: kill while it enrols
      }
      int r = random.nextInt(10);
      return r == 0
          ? Kill.EARLY
          : r < 5 ? Kill.LATER : r < 8 ? Kill.IN_TRANSACTION : Kill.IN_COMMIT;
    }

    /**
     * How many commits to let the child report before the kill's own timing starts: a few, so that
     * the lane moves on at any machine's pace; at least one for the picture children, whose
     * networks take seconds to load.
     */
    private int commitsFirst() {
      return mode.equals("pictures") ? 1 : random.nextInt(4);
    }

    /** After a kill: the gallery opens, is sound, and holds what committed, exactly. */
    private void check(int round, List<Integer> acknowledged, Journal left) throws Exception {
      String where = mode + " round " + round;
      for (int i = 0; i < acknowledged.size(); i++) {
        assertThat(acknowledged.get(i)).as("%s: reported in order", where).isEqualTo(next + i);
        commit(next + i);
      }
      int underWay = next + acknowledged.size();
      next = underWay;
      if (!Files.exists(file)) {
        assertThat(expected).as("%s: nothing committed, no gallery", where).isEmpty();
        beforeAnyGallery++;
        return;
      }
      Map<String, List<Enrolment>> flying = group(plan(underWay));
      try (SqliteGallery gallery = SqliteGallery.openExisting(file)) { // as `facenet list` does
        Map<String, List<Enrolment>> stored = new LinkedHashMap<>();
        gallery.exportAll(e -> stored.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        long flyingThere = flying.keySet().stream().filter(stored::containsKey).count();
        assertThat(flyingThere)
            .as("%s: the transaction under way is there whole or not at all", where)
            .isIn(0L, (long) flying.size());
        if (flyingThere > 0) {
          commit(underWay); // it committed, the child died before it said so
          next = underWay + 1;
          underWayKept++;
        } else {
          underWayLost++;
        }
        if (readOnly != null) {
          if (readOnly < 0) {
            readOnlyRefused++;
          } else {
            readOnlyRead++;
            assertThat(readOnly).as("%s: people read read-only", where).isEqualTo(expected.size());
          }
          readOnly = null;
        }
        assertThat(stored.keySet())
            .as("%s: exactly the people committed", where)
            .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, List<Enrolment>> e : expected.entrySet()) {
          assertSame(where, e.getKey(), stored.get(e.getKey()), e.getValue());
        }
        assertThat(gallery.changes()).as("%s: change counter", where).isEqualTo(committed);
        List<AuditEntry> audit = gallery.audit(Integer.MAX_VALUE);
        assertThat(audit).as("%s: one audit row per transaction", where).hasSize(committed);
        if (mode.equals("import")) {
          assertThat(audit).extracting(AuditEntry::action).allMatch("import"::equals);
        } else {
          assertThat(audit)
              .extracting(AuditEntry::person)
              .as("%s: audit, newest first", where)
              .containsExactlyElementsOf(newestFirst(order));
        }
        if (!expected.isEmpty() && round % 5 == 4) {
          // the search finds a committed person's encoding (every fifth round: building the
          // index costs more than the other checks together)
          List<Enrolment> someone =
              new ArrayList<>(expected.values()).get(random.nextInt(expected.size()));
          List<Neighbour> nearest = gallery.nearest(someone.get(0).embedding(), 1, 1e-3);
          assertThat(nearest).as("%s: search", where).hasSize(1);
          assertThat(expected).containsKey(nearest.get(0).name());
        }
      }
      // a hot journal was rolled back by the open, and deleted; a stale one (SQLite zeroes a
      // journal's header until the journal is synced, and never plays such a journal back) stays
      // until the next write
      Journal after = Journal.of(journal);
      assertThat(after)
          .as("%s: the journal after the gallery was opened (before: %s)", where, left)
          .isEqualTo(left == Journal.STALE ? Journal.STALE : Journal.NONE);
      assertIntegrity(where);
      if (after == Journal.STALE) {
        staleJournals++;
        writeNothing(); // the next write replaces it, and removes it when it commits
        assertThat(Journal.of(journal))
            .as("%s: journal after a write", where)
            .isEqualTo(Journal.NONE);
      }
    }

    /**
     * How many people a read-only connection reads right after a kill left a hot journal, or -1
     * when SQLite refuses, as it must when it cannot roll the journal back.
     */
    private int readOnly() throws SQLException {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      try (Connection c = config.createConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM person")) {
        r.next();
        return r.getInt(1);
      } catch (SQLiteException e) {
        assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_READONLY_ROLLBACK);
        return -1;
      }
    }

    private void commit(int n) {
      Map<String, List<Enrolment>> people = group(plan(n));
      expected.putAll(people);
      order.addAll(people.keySet());
      committed++;
    }

    private List<Enrolment> plan(int n) {
      return switch (mode) {
        case "enroll" -> KillWorker.person(n, real);
        case "import" -> KillWorker.importLines(n, real);
        default -> {
          String name = KillWorker.picturePerson(n, PEOPLE);
          yield real.get(n % PEOPLE).stream()
              .map(e -> new Enrolment(name, e.embedding(), e.picture()))
              .toList();
        }
      };
    }

    /**
     * The same encodings in the same order: bit for bit where the child was handed them, within
     * float rounding where it encoded the pictures itself.
     */
    private void assertSame(
        String where, String name, List<Enrolment> stored, List<Enrolment> expected) {
      assertThat(stored).as("%s: %s's encodings", where, name).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        Enrolment s = stored.get(i);
        Enrolment e = expected.get(i);
        boolean same =
            s.picture().equals(e.picture())
                && s.embedding().model().equals(e.embedding().model())
                && s.embedding().crop().equals(e.embedding().crop())
                && (mode.equals("pictures")
                    ? s.embedding().distanceTo(e.embedding()) < 1e-4
                    : Arrays.equals(s.embedding().values(), e.embedding().values()));
        if (!same) { // said in full only when it fails: writing every line would cost seconds
          assertThat(EnrolmentLines.write(s))
              .as("%s: %s's encoding %d", where, name, i)
              .isEqualTo(EnrolmentLines.write(e));
        }
      }
    }

    /** A transaction that writes a page and in the end changes nothing. */
    private void writeNothing() throws SQLException {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        s.executeUpdate("UPDATE changes SET value = value + 1 WHERE id = 1");
        s.executeUpdate("UPDATE changes SET value = value - 1 WHERE id = 1");
        s.execute("COMMIT");
      }
    }

    private void assertIntegrity(String where) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
          r.next();
          assertThat(r.getString(1)).as("%s: integrity check", where).isEqualTo("ok");
        }
        try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
          assertThat(r.next()).as("%s: foreign key violations", where).isFalse();
        }
      }
    }

    private Process start(Path out, Path err) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (mode.equals("pictures")) {
        command.add("-Xmx1g");
      } else {
        // no networks here: a small heap and the quick compiler start sooner
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      }
      if (nativeLibrary != null) {
        command.add("-Dorg.sqlite.lib.path=" + nativeLibrary.getParent());
        command.add("-Dorg.sqlite.lib.name=" + nativeLibrary.getFileName());
      } else {
        command.add("-Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve("native")));
      }
      for (String property : List.of("ai.djl.offline", "facenet.shared", "facenet.package")) {
        if (System.getProperty(property) != null) {
          command.add("-D" + property + "=" + System.getProperty(property));
        }
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              KillWorker.class.getName(),
              mode,
              file.toString(),
              input.toString(),
              String.valueOf(next),
              String.valueOf(random.nextLong())));
      return new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
    }
  }

  private static List<String> newestFirst(List<String> names) {
    List<String> out = new ArrayList<>(names);
    java.util.Collections.reverse(out);
    return out;
  }

  private static Map<String, List<Enrolment>> group(List<Enrolment> entries) {
    Map<String, List<Enrolment>> out = new LinkedHashMap<>();
    entries.forEach(e -> out.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
    return out;
  }

  /** Waits until the child has opened its gallery and reported {@code commits} commits. */
  private static void awaitCommits(Process child, Path out, Path err, int commits)
      throws IOException, InterruptedException {
    while (true) {
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      if (lines.contains("open")
          && lines.stream().filter(l -> l.startsWith("committed ")).count() >= commits) {
        return;
      }
      assertThat(child.isAlive())
          .as("child alive while waiting for its work (stderr: %s)", Files.readString(err))
          .isTrue();
      Thread.sleep(2);
    }
  }

  /** What the child reported as committed, in order; a line cut short by the kill is left out. */
  private static List<Integer> acknowledged(Path out) throws IOException {
    String text = Files.readString(out, StandardCharsets.UTF_8);
    List<Integer> out2 = new ArrayList<>();
    int end = text.lastIndexOf('\n');
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (line.startsWith("committed ")) {
        out2.add(Integer.parseInt(line.substring("committed ".length())));
      }
    }
    return out2;
  }
}
