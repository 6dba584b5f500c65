package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Person;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteGalleryTest {
  private static final String RESNET = "resnet";
  private static final String NN4 = "nn4-small2";
  private static final String ALIGNED = "dlib-chip";

  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(42);

  private Embedding enc(String model, String crop, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return new Embedding(model, crop, v);
  }

  private List<Embedding> encs(int n) {
    List<Embedding> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(enc(RESNET, Crops.WHOLE_IMAGE, 128));
    }
    return out;
  }

  // ---- enrol, list, remove ----

  @Test
  void enrolListAndRemoveWithAllTheirEncodings() throws Exception {
    Path file = dir.resolve("people.db");
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.people()).isEmpty();
      g.enroll("bob", encs(2));
      g.enroll("ann", encs(3));
      assertThat(g.people())
          .containsExactly(
              new Person("ann", 3, List.of("resnet/whole-image")),
              new Person("bob", 2, List.of("resnet/whole-image")));
      assertThat(g.contains("ann")).isTrue();
      assertThat(g.contains("carl")).isFalse();

      assertThat(g.remove("ann")).isTrue();
      assertThat(g.remove("ann")).isFalse();
      assertThat(g.remove("nobody")).isFalse();
      assertThat(g.people()).extracting(Person::name).containsExactly("bob");
      assertThat(g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE)).isEmpty();
    }
    assertThat(count(file, "SELECT count(*) FROM encoding"))
        .as("ann's encodings are gone from the file")
        .isEqualTo(2);
    assertThat(
            count(
                file,
                "SELECT count(*) FROM encoding e LEFT JOIN person p ON p.id = e.person_id WHERE p.id IS NULL"))
        .as("orphan encodings")
        .isZero();
  }

  @Test
  void enrollingAgainAddsEncodingsToTheSamePerson() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      List<Embedding> first = encs(2);
      List<Embedding> second = encs(1);
      g.enroll("ann", first);
      g.enroll("ann", second);
      assertThat(g.people()).containsExactly(new Person("ann", 3, List.of("resnet/whole-image")));
      List<Embedding> all = new ArrayList<>(first);
      all.addAll(second);
      assertThat(g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE)).containsExactlyElementsOf(all);
    }
  }

  @Test
  void encodingsOfDifferentModelsAndCropsAreNeverMixed() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      Embedding resnetWhole = enc(RESNET, Crops.WHOLE_IMAGE, 128);
      Embedding resnetAligned = enc(RESNET, ALIGNED, 128);
      Embedding nn4Whole = enc(NN4, Crops.WHOLE_IMAGE, 128);
      g.enroll("ann", List.of(resnetWhole, resnetAligned, nn4Whole));
      g.enroll("bob", List.of(enc(NN4, Crops.WHOLE_IMAGE, 128)));

      assertThat(g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE)).containsExactly(resnetWhole);
      assertThat(g.encodingsOf("ann", RESNET, ALIGNED)).containsExactly(resnetAligned);
      assertThat(g.encodingsOf("ann", NN4, Crops.WHOLE_IMAGE)).containsExactly(nn4Whole);
      assertThat(g.encodingsOf("ann", NN4, ALIGNED)).isEmpty();

      Map<String, List<Embedding>> resnet = g.encodings(RESNET, Crops.WHOLE_IMAGE);
      assertThat(resnet).containsOnlyKeys("ann");
      Map<String, List<Embedding>> nn4 = g.encodings(NN4, Crops.WHOLE_IMAGE);
      assertThat(nn4).containsOnlyKeys("ann", "bob");
      nn4.values().forEach(list -> list.forEach(e -> assertThat(e.model()).isEqualTo(NN4)));
      assertThat(g.modelsInUse())
          .containsExactly("nn4-small2/whole-image", "resnet/dlib-chip", "resnet/whole-image");
      assertThat(g.people().get(0).models())
          .containsExactly("nn4-small2/whole-image", "resnet/dlib-chip", "resnet/whole-image");
    }
  }

  @Test
  void anEncodingOfAnotherLengthForTheSameModelIsRefusedAndNothingIsStored() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      g.enroll("ann", encs(1));
      assertThatThrownBy(
              () ->
                  g.enroll(
                      "bob",
                      List.of(
                          enc(RESNET, Crops.WHOLE_IMAGE, 128), enc(RESNET, Crops.WHOLE_IMAGE, 64))))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("128")
          .hasMessageContaining("64");
      assertThat(g.contains("bob")).as("all or nothing").isFalse();
      g.enroll(
          "bob", List.of(enc(NN4, Crops.WHOLE_IMAGE, 64))); // another model may have another length
      assertThat(g.people()).hasSize(2);
    }
  }

  @Test
  void nonFiniteAndEmptyEncodingsAreRefused() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      float[] v = new float[128];
      v[5] = Float.NaN;
      assertThatThrownBy(
              () -> g.enroll("ann", List.of(new Embedding(RESNET, Crops.WHOLE_IMAGE, v))))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("NaN");
      assertThatThrownBy(() -> g.enroll("ann", List.of()))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("no encodings");
      assertThatThrownBy(
              () ->
                  g.enroll("ann", List.of(new Embedding(RESNET, Crops.WHOLE_IMAGE, new float[0]))))
          .isInstanceOf(FaceNetException.class);
      assertThat(g.people()).isEmpty();
    }
  }

  // ---- thresholds and reopening ----

  @Test
  void thresholdsAreStoredPerModelAndCrop() {
    Path file = dir.resolve("g.db");
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.threshold(RESNET, Crops.WHOLE_IMAGE)).isEmpty();
      g.setThreshold(RESNET, Crops.WHOLE_IMAGE, 0.55);
      g.setThreshold(RESNET, ALIGNED, 0.5);
      g.setThreshold(RESNET, ALIGNED, 0.48); // replaces
      assertThatThrownBy(() -> g.setThreshold(NN4, ALIGNED, -1))
          .isInstanceOf(FaceNetException.class);
      assertThatThrownBy(() -> g.setThreshold(NN4, ALIGNED, Double.NaN))
          .isInstanceOf(FaceNetException.class);
    }
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.threshold(RESNET, Crops.WHOLE_IMAGE)).hasValue(0.55);
      assertThat(g.threshold(RESNET, ALIGNED)).hasValue(0.48);
      assertThat(g.threshold(NN4, ALIGNED)).isEmpty();
    }
  }

  @Test
  void reopeningKeepsEveryoneBitForBit() {
    Path file = dir.resolve("g.db");
    Map<String, List<Embedding>> written = new java.util.TreeMap<>();
    try (SqliteGallery g = SqliteGallery.open(file)) {
      for (String name : List.of("ann", "bob", "José", "李雷", "o'brien; DROP TABLE person")) {
        List<Embedding> e = encs(1 + written.size());
        e.set(0, new Embedding(RESNET, Crops.WHOLE_IMAGE, withSpecialValues(e.get(0).values())));
        g.enroll(name, e);
        written.put(name, e);
      }
    }
    try (SqliteGallery g = SqliteGallery.openExisting(file)) {
      assertThat(g.people()) // listed case aside
          .extracting(Person::name)
          .containsExactly("ann", "bob", "José", "o'brien; DROP TABLE person", "李雷");
      for (Map.Entry<String, List<Embedding>> e : written.entrySet()) {
        List<Embedding> read = g.encodingsOf(e.getKey(), RESNET, Crops.WHOLE_IMAGE);
        assertThat(read)
            .containsExactlyElementsOf(
                e.getValue()); // Embedding.equals compares the floats exactly
      }
      assertThat(g.encodings(RESNET, Crops.WHOLE_IMAGE)).isEqualTo(written);
    }
  }

  private static float[] withSpecialValues(float[] v) {
    v[0] = -0.0f;
    v[1] = Float.MIN_VALUE;
    v[2] = Float.MAX_VALUE;
    v[3] = -1e-30f;
    return v;
  }

  // ---- files that are not ours ----

  @Test
  void aTextFileIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "shopping list: milk, eggs\n");
    assertRefusedAndUntouched(file, "not an SQLite file");
  }

  @Test
  void anEmptyFileIsRefusedAndLeftUntouched() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.db"));
    assertRefusedAndUntouched(file, "empty");
  }

  @Test
  void someoneElsesSqliteDatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("accounts.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, salary REAL)");
      s.execute("INSERT INTO person(name, salary) VALUES ('ann', 1000)");
    }
    assertRefusedAndUntouched(file, "not a facenet gallery");
  }

  @Test
  void someoneElsesDatabaseInWalModeIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("wal.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE t (x)");
      s.execute("INSERT INTO t VALUES (1)");
    }
    assertRefusedAndUntouched(file, "not a facenet gallery");
  }

  @Test
  void aGalleryWrittenByANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("future.db");
    try (SqliteGallery g = SqliteGallery.open(file)) {
      g.enroll("ann", encs(1));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (SqliteGallery.SCHEMA_VERSION + 1));
    }
    assertRefusedAndUntouched(file, "newer facenet");
  }

  @Test
  void ourMarkWithoutOurTablesIsCalledDamaged() throws Exception {
    Path file = dir.resolve("half.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id = " + SqliteGallery.APPLICATION_ID);
      s.execute("PRAGMA user_version = " + SqliteGallery.SCHEMA_VERSION);
      s.execute("CREATE TABLE person (id INTEGER PRIMARY KEY)");
    }
    assertRefusedAndUntouched(file, "damaged");
  }

  @Test
  void aFolderIsRefused() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("gallery.db"));
    assertThatThrownBy(() -> SqliteGallery.open(folder))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("folder");
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void openExistingDoesNotCreateAGalleryAndOpenNeedsAnExistingFolder() {
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(() -> SqliteGallery.openExisting(missing))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
    Path nowhere = dir.resolve("no-such-folder/g.db");
    assertThatThrownBy(() -> SqliteGallery.open(nowhere))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aNewGalleryCarriesOurMarkAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("new.db");
    SqliteGallery.open(file).close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA application_id")).isEqualTo(SqliteGallery.APPLICATION_ID);
      assertThat(single(s, "PRAGMA user_version")).isEqualTo(SqliteGallery.SCHEMA_VERSION);
    }
  }

  @Test
  void manyThreadsCreatingTheSameNewGalleryAllGetTheOneFile() throws Exception {
    Path file = dir.resolve("race.db");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> jobs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String name = "t" + t;
        jobs.add(
            () -> {
              try (SqliteGallery g = SqliteGallery.open(file)) {
                g.enroll(name, encs(1));
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(jobs)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.people()).hasSize(8);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private void assertRefusedAndUntouched(Path file, String mention) throws Exception {
    byte[] before = Files.readAllBytes(file);
    List<Path> listing;
    try (Stream<Path> files = Files.list(dir)) {
      listing = files.sorted().toList();
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Callable<SqliteGallery> opener =
          attempt == 0 ? () -> SqliteGallery.open(file) : () -> SqliteGallery.openExisting(file);
      assertThatThrownBy(opener::call)
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining(mention)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(Files.readAllBytes(file)).as("bytes of " + file).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.sorted().toList())
          .as("no journal or temporary file left")
          .isEqualTo(listing);
    }
  }

  @Test
  void aGalleryLockedByAnotherWriterGivesAClearMessageAndStaysAsItWas() throws Exception {
    Path file = dir.resolve("busy.db");
    try (SqliteGallery g = SqliteGallery.open(file)) {
      g.enroll("ann", encs(1));
    }
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement();
        SqliteGallery g = SqliteGallery.open(file, 200)) {
      s.execute("BEGIN EXCLUSIVE"); // another process in the middle of a write
      assertThatThrownBy(() -> g.enroll("bob", encs(1)))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("locked");
      s.execute("ROLLBACK");
      assertThat(g.people()).extracting(Person::name).containsExactly("ann");
      g.enroll("bob", encs(1)); // and it works again once the other one is done
      assertThat(g.people()).hasSize(2);
    }
  }

  // ---- names ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\t",
        " ann",
        "ann ",
        "an\nn",
        "an\rn",
        "a\u0000b",
        "a\u0007b",
        "a\u202Eb",
        "a\u2028b"
      })
  void badNamesAreRefusedAndNothingIsStored(String name) {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      assertThatThrownBy(() -> g.enroll(name, encs(1)))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("name")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThat(g.people()).isEmpty();
    }
  }

  @Test
  void overlongNamesAreRefusedAndNullToo() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      assertThatThrownBy(() -> g.enroll("x".repeat(Person.MAX_NAME_LENGTH + 1), encs(1)))
          .isInstanceOf(FaceNetException.class);
      assertThatThrownBy(() -> g.enroll(null, encs(1))).isInstanceOf(FaceNetException.class);
      g.enroll("x".repeat(Person.MAX_NAME_LENGTH), encs(1));
      assertThat(g.people()).hasSize(1);
    }
  }

  @Test
  void namesAreUnicodeNormalisedSoOnePersonStaysOne() {
    String composed = "Jos\u00e9";
    String decomposed = "Jose\u0301";
    String persian =
        "\u0645\u06cc\u200c\u0631\u0627"; // with a zero-width non-joiner, as Persian writes it
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      g.enroll(composed, encs(1));
      g.enroll(decomposed, encs(1));
      g.enroll(persian, encs(1));
      assertThat(g.people()).extracting(Person::name).containsExactlyInAnyOrder(composed, persian);
      assertThat(g.contains(decomposed)).isTrue();
      assertThat(g.encodingsOf(decomposed, RESNET, Crops.WHOLE_IMAGE)).hasSize(2);
      assertThat(g.remove(decomposed)).isTrue();
      assertThat(g.contains(composed)).isFalse();
    }
  }

  // ---- rename ----

  @Test
  void renameKeepsTheEncodingsAndRefusesATakenName() {
    try (SqliteGallery g = SqliteGallery.open(dir.resolve("g.db"))) {
      List<Embedding> annsEncodings = encs(2);
      g.enroll("ann", annsEncodings);
      g.enroll("bob", encs(1));
      assertThat(g.rename("ann", "anna")).isTrue();
      assertThat(g.contains("ann")).isFalse();
      assertThat(g.encodingsOf("anna", RESNET, Crops.WHOLE_IMAGE))
          .containsExactlyElementsOf(annsEncodings);

      assertThatThrownBy(() -> g.rename("anna", "bob"))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("already");
      assertThatThrownBy(() -> g.rename("anna", "bad\nname")).isInstanceOf(FaceNetException.class);
      assertThat(g.rename("nobody", "somebody")).isFalse();
      assertThat(g.people())
          .extracting(Person::name, Person::encodings)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("anna", 2),
              org.assertj.core.groups.Tuple.tuple("bob", 1));
    }
  }

  @Test
  void checkFindsRowsWithoutAPersonAndTellsHowTheSavedIndexesStand() throws Exception {
    Path file = dir.resolve("check.db");
    Embedding q;
    try (SqliteGallery g = SqliteGallery.open(file)) {
      g.enroll("ann", encs(2));
      q = g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE).get(0);
      assertThat(g.nearest(q, 1, 0.0)).hasSize(1); // builds the exact index, saved on close
    }
    try (SqliteGallery g = SqliteGallery.openExisting(file)) {
      assertThat(g.check().notes())
          .contains(
              "SQLite's integrity check passed",
              "search index resnet__whole-image.exact: up to date");
    }
    // a row written with the foreign keys off, as another program might
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      try (var p =
          c.prepareStatement(
              "INSERT INTO encoding(person_id, model, crop, dimension, vector)"
                  + " VALUES (99, 'resnet', 'whole-image', 128, ?)")) {
        p.setBytes(1, JdbcGallery.toBytes(encs(1).get(0).values()));
        p.executeUpdate();
      }
    }
    try (SqliteGallery g = SqliteGallery.openExisting(file)) {
      assertThat(g.check().problems())
          .containsExactly(
              new dev.facenet.common.GalleryCheck.Problem(
                  dev.facenet.common.GalleryCheck.Kind.ORPHAN_ENCODING,
                  "encoding 3 belongs to no person (id 99)"));
      assertThat(g.repair(dev.facenet.common.Actor.local()).problems()).hasSize(1);
      assertThat(g.check().clean()).isTrue();
      assertThat(g.check().notes())
          .contains(
              "search index resnet__whole-image.exact: behind the gallery (rebuilt at the next search)");
      assertThat(g.nearest(q, 1, 0.0)).hasSize(1);
    }
  }

  // ---- older schemas ----

  /**
   * A gallery file as facenet wrote it at an older schema version, built with that version's own
   * statements: 1 had no change counter, 2 no picture hash, 3 no audit and no API keys, 4 no key to
   * look names up ignoring case.
   */
  private void writeOldGallery(Path file, int version, List<float[]> ann, float[] bob)
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id = " + SqliteGallery.APPLICATION_ID);
      s.execute("PRAGMA user_version = " + version);
      s.execute(
          "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
              + " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
      s.execute(
          "CREATE TABLE encoding (id INTEGER PRIMARY KEY,"
              + " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
              + " model TEXT NOT NULL, crop TEXT NOT NULL, dimension INTEGER NOT NULL,"
              + " vector BLOB NOT NULL, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP"
              + (version >= 3 ? ", sha256 TEXT)" : ")"));
      s.execute("CREATE INDEX encoding_by_model ON encoding(model, crop)");
      s.execute("CREATE INDEX encoding_by_person ON encoding(person_id)");
      if (version >= 3) {
        s.execute("CREATE INDEX encoding_by_picture ON encoding(sha256, model, crop)");
      }
      s.execute(
          "CREATE TABLE threshold (model TEXT NOT NULL, crop TEXT NOT NULL, value REAL NOT NULL,"
              + " PRIMARY KEY (model, crop))");
      if (version >= 2) {
        s.execute(
            "CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1),"
                + " value INTEGER NOT NULL)");
        s.execute("INSERT INTO changes(id, value) VALUES (1, 7)");
      }
      if (version >= 4) {
        JdbcGallery.createAccessTables(s, "INTEGER PRIMARY KEY");
      }
      s.execute("INSERT INTO person(id, name) VALUES (1, 'ann'), (2, 'bob')");
      s.execute("INSERT INTO threshold VALUES ('resnet', 'whole-image', 0.55)");
      try (var p =
          c.prepareStatement(
              "INSERT INTO encoding(person_id, model, crop, dimension, vector)"
                  + " VALUES (?, 'resnet', 'whole-image', 128, ?)")) {
        for (float[] v : ann) {
          p.setInt(1, 1);
          p.setBytes(2, JdbcGallery.toBytes(v));
          p.executeUpdate();
        }
        p.setInt(1, 2);
        p.setBytes(2, JdbcGallery.toBytes(bob));
        p.executeUpdate();
      }
    }
  }

  @Test
  void twoPeopleWhoseNamesDifferOnlyInCaseStayApartWhenAnOlderGalleryIsUpgraded() throws Exception {
    Path file = dir.resolve("v4.db");
    writeOldGallery(file, 4, List.of(encs(1).get(0).values()), encs(1).get(0).values());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO person(id, name) VALUES (3, 'Andrew'), (4, 'andrew')");
      try (var p =
          c.prepareStatement(
              "INSERT INTO encoding(person_id, model, crop, dimension, vector)"
                  + " VALUES (?, 'resnet', 'whole-image', 128, ?)")) {
        for (int person : new int[] {3, 4, 4}) {
          p.setInt(1, person);
          p.setBytes(2, JdbcGallery.toBytes(encs(1).get(0).values()));
          p.executeUpdate();
        }
      }
    }
    try (SqliteGallery g = SqliteGallery.open(file)) {
      // never merged: each is found by its exact spelling, any other case finds the first
      assertThat(g.people())
          .extracting(Person::name, Person::encodings)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Andrew", 1),
              org.assertj.core.groups.Tuple.tuple("andrew", 2),
              org.assertj.core.groups.Tuple.tuple("ann", 1),
              org.assertj.core.groups.Tuple.tuple("bob", 1));
      assertThat(g.person("andrew")).map(Person::encodings).contains(2);
      assertThat(g.person("Andrew")).map(Person::encodings).contains(1);
      g.enroll("ANDREW", encs(1));
      assertThat(g.person("Andrew")).map(Person::encodings).contains(2);
      // renaming the later one makes it an ordinary person again
      assertThat(g.rename("andrew", "Andy")).isTrue();
      assertThat(g.person("ANDY")).map(Person::encodings).contains(2);
      g.enroll("ANDY", encs(1));
      assertThat(g.person("andy")).map(Person::encodings).contains(3);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void anOlderGalleryIsUpgradedOnOpenKeepingEverything(int version) throws Exception {
    Path file = dir.resolve("v" + version + ".db");
    List<float[]> ann =
        List.of(enc(RESNET, Crops.WHOLE_IMAGE, 128).values(), encs(1).get(0).values());
    float[] bob = encs(1).get(0).values();
    writeOldGallery(file, version, ann, bob);
    dev.facenet.common.ContentHash picture =
        dev.facenet.common.ContentHash.of(new byte[] {1, 2, 3});
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.people())
          .containsExactly(
              new Person("ann", 2, List.of("resnet/whole-image")),
              new Person("bob", 1, List.of("resnet/whole-image")));
      List<Embedding> annNow = g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE);
      assertThat(annNow.get(0).values()).containsExactly(ann.get(0));
      assertThat(annNow.get(1).values()).containsExactly(ann.get(1));
      assertThat(g.encodingsOf("bob", RESNET, Crops.WHOLE_IMAGE).get(0).values())
          .containsExactly(bob);
      assertThat(g.threshold(RESNET, Crops.WHOLE_IMAGE)).hasValue(0.55);
      assertThat(g.changes()).isEqualTo(version == 1 ? 0 : 7);
      // the old encodings have no picture; new ones can have one
      List<dev.facenet.common.Enrolment> exported = new ArrayList<>();
      g.exportAll(exported::add);
      assertThat(exported).extracting(dev.facenet.common.Enrolment::picture).containsOnlyNulls();
      assertThat(g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of(picture))).isEmpty();
      g.enroll("bob", encs(1), List.of(picture));
      assertThat(g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of(picture)))
          .containsExactly(Map.entry(picture, java.util.Set.of("bob")));
      // the audit starts with the upgrade: the new enrolment is its first row
      assertThat(g.audit(10))
          .extracting(dev.facenet.common.AuditEntry::action, dev.facenet.common.AuditEntry::person)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("enroll", "bob"));
      assertThat(g.keys()).isEmpty();
      assertThat(g.nearest(new Embedding(RESNET, Crops.WHOLE_IMAGE, bob), 1, 0.0))
          .extracting(dev.facenet.common.Neighbour::name)
          .containsExactly("bob");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA user_version")).isEqualTo(SqliteGallery.SCHEMA_VERSION);
      // the vectors' bytes are as the old facenet wrote them
      try (ResultSet r = s.executeQuery("SELECT vector FROM encoding WHERE id = 3")) {
        r.next();
        assertThat(r.getBytes(1)).isEqualTo(JdbcGallery.toBytes(bob));
      }
    }
    try (SqliteGallery again = SqliteGallery.open(file)) { // a second open has nothing to do
      assertThat(again.people()).extracting(Person::encodings).containsExactly(2, 2);
    }
  }

  @Test
  void askingWhichPicturesAreEnrolledUsesThePictureIndex() throws Exception {
    Path file = dir.resolve("plan.db");
    SqliteGallery.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "EXPLAIN QUERY PLAN SELECT DISTINCT e.sha256, p.name FROM encoding e"
                    + " JOIN person p ON p.id = e.person_id"
                    + " WHERE e.sha256 IN ('a', 'b') AND e.model = 'm' AND e.crop = 'c'")) {
      StringBuilder plan = new StringBuilder();
      while (r.next()) {
        plan.append(r.getString(4)).append('\n');
      }
      assertThat(plan.toString()).contains("encoding_by_picture");
    }
  }

  // ---- helpers ----

  static long count(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      return single(s, sql);
    }
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
