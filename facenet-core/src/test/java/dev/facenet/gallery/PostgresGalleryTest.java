package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.ContentHash;
import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Neighbour;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the PostgreSQL store has to get right: refusing a database that is not ours without
 * touching it, a newer schema, two processes creating the schema at once and seeing each other's
 * enrolments, a server that is not there, and the URLs {@link Galleries} accepts (a password never
 * shown).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hung child, not a speed assertion
class PostgresGalleryTest {
  @TempDir Path dir;

  private String url;

  @BeforeEach
  void createDatabase() {
    url = PostgresTestServer.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (url != null) { // null when the tests were skipped
      PostgresTestServer.dropDatabase(url);
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() ORDER BY table_name")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Test
  void someoneElsesDatabaseIsRefusedUntouched() throws Exception {
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)");
      s.execute("INSERT INTO orders VALUES (1, 'tea')");
    }
    assertThatThrownBy(() -> PostgresGallery.open(url))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("not a facenet gallery")
        .hasMessageContaining("orders")
        .hasMessageContaining("refusing to touch it");
    assertThatThrownBy(() -> Galleries.openExisting(url))
        .hasMessageContaining("not a facenet gallery");
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement()) {
      assertThat(tables(c)).containsExactly("orders");
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM orders")) {
        r.next();
        assertThat(r.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aTableNamedLikeOurMarkerButNotOursIsRefused() throws Exception {
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE facenet_gallery (id int, application text, version int)");
      s.execute("INSERT INTO facenet_gallery VALUES (1, 'someone-else', 1)");
    }
    assertThatThrownBy(() -> PostgresGallery.open(url)).hasMessageContaining("not ours");
  }

  @Test
  void aGalleryOfANewerSchemaIsRefusedUntouched() throws Exception {
    try (Gallery g = PostgresGallery.open(url)) {
      g.enroll("ann", List.of(embedding(1)));
    }
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement()) {
      s.execute("UPDATE facenet_gallery SET version = " + (PostgresGallery.SCHEMA_VERSION + 1));
    }
    assertThatThrownBy(() -> PostgresGallery.open(url))
        .hasMessageContaining("newer facenet")
        .hasMessageContaining("refusing to touch it");
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM person")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void openExistingRefusesAnEmptyDatabaseAndCreatesNothing() throws Exception {
    assertThatThrownBy(() -> Galleries.openExisting(url))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("does not exist");
    try (Connection c = PostgresTestServer.connect(url)) {
      assertThat(tables(c)).isEmpty();
    }
  }

  @Test
  void manyHandlesOpeningANewDatabaseAtOnceMakeOneSchema() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Gallery>> opens = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        opens.add(() -> PostgresGallery.open(url));
      }
      List<Gallery> all = new ArrayList<>();
      for (Future<Gallery> f : pool.invokeAll(opens)) {
        all.add(f.get());
      }
      for (int i = 0; i < all.size(); i++) {
        all.get(i).enroll("p" + i, List.of(embedding(i)));
      }
      for (Gallery g : all) {
        assertThat(g.people()).hasSize(6);
        g.close();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherProcessesEnrolmentsAreFoundBySearch() throws Exception {
    try (Gallery mine = Galleries.open(url)) {
      mine.enroll("me", List.of(embedding(7)));
      // an index built now, before the other process writes, must not answer from then on
      assertThat(mine.nearest(embedding(7), 1, 0.0)).containsExactly(new Neighbour("me", 0.0));
      Path out = dir.resolve("worker.out");
      Process worker =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  GalleryWorker.class.getName(),
                  url,
                  "w",
                  "0",
                  "12")
              .redirectOutput(out.toFile())
              .redirectError(dir.resolve("worker.err").toFile())
              .start();
      assertThat(worker.waitFor()).as("worker exit code (stderr in %s)", dir).isZero();
      for (int i = 0; i < 12; i++) {
        String name = "w-" + i;
        Embedding e =
            new Embedding(GalleryWorker.MODEL, Crops.WHOLE_IMAGE, GalleryWorker.vector(name, 0));
        for (var mode : dev.facenet.common.SearchMode.values()) {
          assertThat(mine.nearest(e, 1, 0.0, mode)).containsExactly(new Neighbour(name, 0.0));
        }
      }
      assertThat(mine.people()).hasSize(13);
    }
  }

  @Test
  void aServerThatIsNotThereGivesOneLineNamingItWithoutThePassword() throws Exception {
    int port = PostgresTestServer.freePort();
    String nobody = "postgresql://ann:s3cret@127.0.0.1:" + port + "/facenet";
    assertThatThrownBy(() -> Galleries.open(nobody))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(
            "cannot reach the gallery database at 127.0.0.1:"
                + port
                + "/facenet: connection refused");
    assertThatThrownBy(() -> Galleries.openExisting("jdbc:" + nobody))
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("connection refused");
  }

  @Test
  void aDatabaseThatDoesNotExistIsNamed() {
    String missing = PostgresTestServer.withDatabase(url, "facenet_no_such_database");
    assertThatThrownBy(() -> Galleries.open(missing))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("facenet_no_such_database")
        .hasMessageContaining("does not exist");
  }

  @Test
  void galleriesTellsUrlsFromFiles() {
    assertThat(Galleries.mayExist(url)).isTrue();
    assertThat(Galleries.mayExist("jdbc:" + url)).isTrue();
    assertThat(Galleries.mayExist(dir.resolve("none.db").toString())).isFalse();
    try (Gallery g = Galleries.open("jdbc:" + url)) {
      assertThat(g).isInstanceOf(PostgresGallery.class);
      g.enroll("ann", List.of(embedding(3)));
    }
    try (Gallery g = Galleries.openExisting(url)) {
      assertThat(g.contains("ann")).isTrue();
    }
    try (Gallery g = Galleries.open(dir.resolve("file.db").toString())) {
      assertThat(g).isInstanceOf(SqliteGallery.class);
    }
  }

  @Test
  void theStoredBytesAreTheSqliteLayout() throws Exception {
    Embedding e = embedding(5);
    try (Gallery g = PostgresGallery.open(url)) {
      g.enroll("ann", List.of(e));
    }
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT dimension, vector FROM encoding")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(128);
      assertThat(r.getBytes(2)).isEqualTo(SqliteGallery.toBytes(e.values()));
    }
  }

  @Test
  void aGalleryMadeBeforePictureHashesGetsTheColumnOnOpenKeepingItsRows() throws Exception {
    try (Gallery g = PostgresGallery.open(url)) {
      g.enroll("ann", List.of(embedding(1), embedding(2)));
    }
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement()) {
      // the tables as a facenet before picture hashes made them
      s.execute("DROP INDEX encoding_by_picture");
      s.execute("ALTER TABLE encoding DROP COLUMN sha256");
    }
    ContentHash picture = ContentHash.of(new byte[] {4, 5, 6});
    try (Gallery g = PostgresGallery.open(url)) {
      assertThat(g.encodingsOf("ann", GalleryWorker.MODEL, Crops.WHOLE_IMAGE))
          .containsExactly(embedding(1), embedding(2));
      assertThat(g.enrolledPictures(GalleryWorker.MODEL, Crops.WHOLE_IMAGE, List.of(picture)))
          .isEmpty();
      g.enroll("bob", List.of(embedding(3)), List.of(picture));
      assertThat(g.enrolledPictures(GalleryWorker.MODEL, Crops.WHOLE_IMAGE, List.of(picture)))
          .containsExactly(Map.entry(picture, Set.of("bob")));
    }
    try (Connection c = PostgresTestServer.connect(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), count(sha256) FROM encoding UNION ALL"
                    + " SELECT count(*), 0 FROM pg_indexes WHERE indexname = 'encoding_by_picture'"
                    + " UNION ALL SELECT version, 0 FROM facenet_gallery")) {
      r.next();
      assertThat(r.getInt(1)).as("rows").isEqualTo(3);
      assertThat(r.getInt(2)).as("rows with a hash").isEqualTo(1);
      r.next();
      assertThat(r.getInt(1)).as("the index").isEqualTo(1);
      r.next();
      assertThat(r.getInt(1)).as("schema version").isEqualTo(PostgresGallery.SCHEMA_VERSION);
    }
  }

  private static Embedding embedding(int seed) {
    return new Embedding(
        GalleryWorker.MODEL, Crops.WHOLE_IMAGE, GalleryWorker.vector("seed-" + seed, 0));
  }
}
