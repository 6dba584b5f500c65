package dev.facenet.gallery;

import dev.facenet.common.ContentHash;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server gallery: the tables of one PostgreSQL database (its current schema), for a gallery
 * that several machines share. It keeps the embedded {@link SqliteGallery}'s promises: every change
 * is one transaction, so a client that dies in the middle leaves nothing half done; writers queue
 * on the change counter's row (as SQLite writers queue on the file's write lock), so checks such as
 * a model's encoding length hold across processes; and a marker table with a schema version is read
 * before anything else, so a database that holds someone else's tables, or a newer facenet's, is
 * refused without a change. The schema is created on first open under an advisory lock, so two
 * processes opening a new database at once both end up with the one schema.
 *
 * <p>Search runs in this process ({@link GallerySearch}, indexes in memory, built from the tables
 * on the first search of each model and crop): Debian's PostgreSQL has no vector extension, and the
 * change counter tells every process when its indexes are out of date.
 *
 * <p>Thread-safe: one connection, used by one thread at a time (the methods lock the gallery). What
 * it does once open, the same as {@link SqliteGallery}, is in {@link JdbcGallery}.
 */
public final class PostgresGallery extends JdbcGallery {
  /** Written in the marker table: the tables are a facenet gallery's. */
  static final String APPLICATION = "facenet-gallery";

  /**
   * The tables' layout; a facenet that knows only an older one must not write a newer one. The
   * picture hash column ({@code encoding.sha256}) came later without a new version: it may be
   * empty, so a facenet that does not know it still reads and writes the gallery correctly (its
   * encodings simply carry no hash), and refusing the older clients that share a server would cost
   * more than it saves. It is added when missing, on open.
   */
  static final int SCHEMA_VERSION = 1;

  /** The marker table: one row naming the application and the schema version. */
  static final String MARKER = "facenet_gallery";

  /** Taken while the schema is checked and created, so two processes never both create it. */
  private static final long SCHEMA_LOCK = 0x46434E54L; // "FCNT", SQLite's application id too

  private static final List<String> TABLES =
      List.of("changes", "encoding", MARKER, "person", "threshold");

  /** Rows sent in one round trip by a bulk enrolment. */
  private static final int BATCH = 1000;

  /** Rows fetched in one round trip when a scan streams a table. */
  private static final int FETCH = 2000;

  private final PostgresUrl where;

  /**
   * Counts by model and crop, each with the change counter read before it: PostgreSQL counts by
   * visiting every row (milliseconds at 100,000), and the search asks before every query. Used only
   * inside {@link #read}, so guarded by the gallery's monitor.
   */
  private final Map<String, long[]> counts = new HashMap<>();

  private PostgresGallery(PostgresUrl where, Connection db) {
    super(db, null);
    this.where = where;
  }

  /**
   * Opens the gallery in the database at {@code url} ({@code postgresql://user[:password]@host[:
   * port]/database[?params]} or {@code jdbc:postgresql://...}), creating its tables when the
   * database has no tables yet. The database itself must exist.
   */
  public static PostgresGallery open(String url) {
    return open(PostgresUrl.parse(url), true);
  }

  /**
   * As {@link #open(String)}, for commands that only read: a database with no gallery is refused.
   */
  public static PostgresGallery openExisting(String url) {
    return open(PostgresUrl.parse(url), false);
  }

  private static PostgresGallery open(PostgresUrl where, boolean create) {
    Connection c = null;
    try {
      c = DriverManager.getConnection(where.jdbcUrl(), where.properties());
      c.setAutoCommit(false);
      PostgresGallery g = new PostgresGallery(where, c);
      g.prepare(create);
      return g;
    } catch (SQLException e) {
      closeQuietly(c);
      throw failure(where, e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Checks that the current schema holds our gallery (or nothing, then creates it when asked), in
   * one transaction under the schema lock.
   */
  private void prepare(boolean create) throws SQLException {
    inTransaction(
        () -> {
          try (Statement s = db.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
          }
          List<String> present = new ArrayList<>();
          try (Statement s = db.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT table_name FROM information_schema.tables"
                          + " WHERE table_schema = current_schema() ORDER BY table_name")) {
            while (r.next()) {
              present.add(r.getString(1));
            }
          }
          if (present.contains(MARKER)) {
            checkMarker(present);
            addPictureHash();
            addAccessTables(present);
            addNameKey();
          } else if (!present.isEmpty()) {
            throw new FaceNetException(
                "gallery at "
                    + where
                    + ": the database holds tables that are not a facenet gallery ("
                    + String.join(", ", present.subList(0, Math.min(5, present.size())))
                    + (present.size() > 5 ? ", ..." : "")
                    + "); refusing to touch it (use an empty database)");
          } else if (!create) {
            throw new FaceNetException(
                "gallery at " + where + " does not exist (the database holds no facenet gallery)");
          } else {
            createSchema();
          }
          return null;
        });
  }

  private void checkMarker(List<String> present) throws SQLException {
    String application = null;
    int version = 0;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT application, version FROM " + MARKER)) {
      if (r.next()) {
        application = r.getString(1);
        version = r.getInt(2);
      }
    }
    if (!APPLICATION.equals(application)) {
      throw new FaceNetException(
          "gallery at "
              + where
              + ": the database has a "
              + MARKER
              + " table that is not ours; refusing to touch it");
    }
    checkVersion(label(), version, SCHEMA_VERSION);
    requireTables(label(), TABLES, present);
  }

  /**
   * Gives a gallery made before encodings carried their picture's hash the column and its index,
   * keeping every row (their hash stays empty). Runs under the schema lock, so two processes
   * opening the same old gallery add it once; checked first, so a role that may not alter the table
   * still opens a gallery that has it.
   */
  private void addPictureHash() throws SQLException {
    try (Statement s = db.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                  + " AND table_name = 'encoding' AND column_name = 'sha256'")) {
        if (r.next()) {
          return;
        }
      }
      s.execute("ALTER TABLE encoding ADD COLUMN IF NOT EXISTS sha256 text");
      createPictureIndex(s);
    }
  }

  /**
   * Gives a gallery made before the audit and the API keys their tables, as {@link #addPictureHash}
   * adds its column: without a new version, so older clients sharing the server keep working (their
   * changes simply are not audited).
   */
  private void addAccessTables(List<String> present) throws SQLException {
    if (!present.contains("api_key") || !present.contains("audit")) {
      try (Statement s = db.createStatement()) {
        createAccessTables(s, AUDIT_ID);
      }
    }
  }

  /**
   * Gives a gallery made before names were looked up ignoring case its key column, as {@link
   * #addPictureHash} adds its column, and keys the people that have none: those of such a gallery,
   * and those an older client added since.
   */
  private void addNameKey() throws SQLException {
    boolean indexed;
    try (Statement s = db.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema()"
                  + " AND indexname = 'person_by_key'")) {
        indexed = r.next();
      }
      if (!indexed) {
        s.execute("ALTER TABLE person ADD COLUMN IF NOT EXISTS name_key text");
      }
    }
    addNameKeys(db, indexed);
  }

  private static final String AUDIT_ID = "bigserial PRIMARY KEY";

  /** The index that answers {@link #enrolledPictures} without walking a model's encodings. */
  private static void createPictureIndex(Statement s) throws SQLException {
    s.execute("CREATE INDEX IF NOT EXISTS encoding_by_picture ON encoding(sha256, model, crop)");
  }

  private void createSchema() throws SQLException {
    try (Statement s = db.createStatement()) {
      // IF NOT EXISTS: harmless under the lock, and a second line of defence without it
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + MARKER
              + " (id integer PRIMARY KEY CHECK (id = 1), application text NOT NULL,"
              + " version integer NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS person (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE,"
              + " created timestamptz NOT NULL DEFAULT now(), name_key text)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS encoding (id bigserial PRIMARY KEY,"
              + " person_id bigint NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
              + " model text NOT NULL, crop text NOT NULL, dimension integer NOT NULL,"
              + " vector bytea NOT NULL, created timestamptz NOT NULL DEFAULT now(), sha256 text)");
      s.execute("CREATE INDEX IF NOT EXISTS encoding_by_model ON encoding(model, crop)");
      s.execute("CREATE INDEX IF NOT EXISTS encoding_by_person ON encoding(person_id)");
      createPictureIndex(s);
      s.execute(
          "CREATE TABLE IF NOT EXISTS threshold (model text NOT NULL, crop text NOT NULL,"
              + " value double precision NOT NULL, PRIMARY KEY (model, crop))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS changes (id integer PRIMARY KEY CHECK (id = 1),"
              + " value bigint NOT NULL)");
      s.execute("INSERT INTO changes(id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
      createAccessTables(s, AUDIT_ID);
      addNameKeys(db, false);
      try (PreparedStatement p =
          db.prepareStatement(
              "INSERT INTO "
                  + MARKER
                  + "(id, application, version) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        p.setString(1, APPLICATION);
        p.setInt(2, SCHEMA_VERSION);
        p.executeUpdate();
      }
    }
  }

  /** Batched: one round trip per thousand rows instead of one per row. */
  @Override
  Inserts inserts() throws SQLException {
    PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO encoding(" + ENCODING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)");
    return new Inserts() {
      private int pending;

      @Override
      public void add(long personId, Embedding e, ContentHash picture) throws SQLException {
        bind(p, personId, e, picture);
        p.addBatch();
        if (++pending == BATCH) {
          p.executeBatch();
          pending = 0;
        }
      }

      @Override
      public void flush() throws SQLException {
        if (pending > 0) {
          p.executeBatch();
          pending = 0;
        }
      }

      @Override
      public void close() throws SQLException {
        p.close();
      }
    };
  }

  /** Counts a change, inside the writing transaction; returns the counter after it. */
  @Override
  long countChange() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery("UPDATE changes SET value = value + 1 WHERE id = 1 RETURNING value")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * PostgreSQL checks its pages itself as it reads them and has no check to ask for without an
   * extension: nothing here beyond the row checks every store runs.
   */
  @Override
  List<String> integrityProblems() {
    return List.of();
  }

  @Override
  String integrityNote() {
    return "PostgreSQL checks its own pages as it reads them; the rows were checked here";
  }

  /** Where the gallery is, as {@code host:port/database} (never with the password). */
  public String location() {
    return where.shown();
  }

  // ---- plumbing ----

  @Override
  String label() {
    return "gallery at " + where;
  }

  /** Reads in a transaction of their own: a streamed scan needs one for its cursor. */
  @Override
  <T> T inReadTransaction(Work<T> work) throws SQLException {
    return inTransaction(work);
  }

  /**
   * Writes in one transaction that first takes the change counter's row lock: writers of every
   * process then run one after another, as they do on a SQLite file, so what a writer checked (a
   * model's encoding length, a free name) still holds when it commits.
   */
  @Override
  <T> T inWriteTransaction(Work<T> work) throws SQLException {
    return inTransaction(
        () -> {
          try (Statement s = db.createStatement()) {
            s.execute("SELECT value FROM changes WHERE id = 1 FOR UPDATE");
          }
          return work.run();
        });
  }

  @Override
  FaceNetException failure(SQLException e) {
    return failure(where, e);
  }

  /** Rows come in round trips of {@link #FETCH} instead of all at once. */
  @Override
  void streamed(Statement s) throws SQLException {
    s.setFetchSize(FETCH);
  }

  @Override
  long countEncodings(String model, String crop) throws SQLException {
    // the counter first: a count taken after it covers at least its changes, so a stale
    // entry is only ever one whose counter has since moved, and that one is counted anew
    long changes = readChanges();
    String key = model + "\0" + crop;
    long[] known = counts.get(key);
    if (known != null && known[0] == changes) {
      return known[1];
    }
    long n = super.countEncodings(model, crop);
    counts.put(key, new long[] {changes, n});
    return n;
  }

  @Override
  PreparedStatement selectNames(Collection<Long> personIds) throws SQLException {
    PreparedStatement p = db.prepareStatement("SELECT id, name FROM person WHERE id = ANY (?)");
    p.setArray(1, db.createArrayOf("bigint", personIds.toArray()));
    return p;
  }

  /** Runs {@code work} in a transaction (the connection is never in auto-commit). */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    try {
      T result = work.run();
      db.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        db.rollback();
      } catch (SQLException alreadyEnded) {
        e.addSuppressed(alreadyEnded);
      }
      throw e;
    }
  }

  /** The driver's error as one line a user can act on, naming the server but never the password. */
  static FaceNetException failure(PostgresUrl where, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Throwable cause = e.getCause();
    if (cause instanceof ConnectException) {
      return new FaceNetException(
          "cannot reach the gallery database at " + where + ": connection refused", e);
    }
    if (cause instanceof UnknownHostException) {
      return new FaceNetException(
          "cannot reach the gallery database at " + where + ": unknown host", e);
    }
    if (cause instanceof NoRouteToHostException) {
      return new FaceNetException(
          "cannot reach the gallery database at " + where + ": no route to the host", e);
    }
    if (cause instanceof SocketTimeoutException) {
      return new FaceNetException(
          "cannot reach the gallery database at " + where + ": no answer (timed out)", e);
    }
    if (state.startsWith("08")) {
      return new FaceNetException(
          "cannot reach the gallery database at " + where + ": " + oneLine(e), e);
    }
    if (state.startsWith("28")) {
      return new FaceNetException(
          "the gallery database at " + where + " refused the login: " + oneLine(e), e);
    }
    if (state.equals("3D000")) {
      return new FaceNetException(
          "the gallery database at "
              + where
              + " does not exist (create it first, e.g. createdb, with its owner the gallery's"
              + " role)",
          e);
    }
    if (state.equals("42501")) {
      return new FaceNetException(
          "gallery at " + where + ": permission denied (" + oneLine(e) + ")", e);
    }
    return new FaceNetException("gallery at " + where + ": " + oneLine(e), e);
  }

  private static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replace('\n', ' ').strip();
  }
}
