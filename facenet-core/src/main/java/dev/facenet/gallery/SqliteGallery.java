package dev.facenet.gallery;

import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * The embedded gallery: one SQLite file. Every change runs in a transaction (rollback journal, full
 * sync), so a process killed in the middle of an enrolment leaves the file as it was before. Write
 * transactions take the write lock at their start (BEGIN IMMEDIATE) and wait for other processes up
 * to a busy timeout, so several processes can share one file. The file is marked with an
 * application id and a schema version in its header, and both are read from the raw header before
 * SQLite opens it: a file that is not ours, or one written by a newer facenet, is refused without a
 * byte changed. A new gallery is built under a temporary name and linked into place complete, so no
 * other process ever sees a half-made one.
 *
 * <p>What it does once open, the same as {@link PostgresGallery}, is in {@link JdbcGallery}.
 */
public final class SqliteGallery extends JdbcGallery {
  /** SQLite's application_id of our files: "FCNT". */
  static final int APPLICATION_ID = 0x46434E54;

  /**
   * 2 added the change counter, 3 the hash of the picture each encoding came from, 4 the audit and
   * the service's API keys, 5 the key names are looked up by. An older file is brought to 5 when
   * opened, its data kept (its encodings simply have no hash, its audit starts empty). A facenet
   * that knows only an older version must refuse a newer one: one that knows only 1 would change
   * the gallery without counting, one that knows only 2 would store encodings without their
   * picture's hash, so that a resumed bulk enrolment would store those pictures a second time, and
   * one that knows only 3 would change who is known without a line in the audit. 5 looks people up
   * by their name ignoring case (a key column): one that knows only 4 would add "andrew" beside
   * "Andrew".
   */
  static final int SCHEMA_VERSION = 5;

  /** How long a writer waits for another process's transaction before giving up. */
  static final int BUSY_TIMEOUT_MS = 30_000;

  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_USER_VERSION = 60;
  private static final int HEADER_APPLICATION_ID = 68;
  private static final List<String> TABLES = List.of("encoding", "person", "threshold");

  private final Path file;

  private SqliteGallery(Path file, Connection db) {
    super(db, indexFolder(file));
    this.file = file;
  }

  /** Where the search indexes of a gallery file are kept: a folder beside it. */
  public static Path indexFolder(Path file) {
    return file.resolveSibling(file.getFileName() + ".index");
  }

  /** Opens a gallery file, creating it (and an empty gallery) when it does not exist. */
  public static SqliteGallery open(Path file) {
    return open(file, BUSY_TIMEOUT_MS);
  }

  /**
   * As {@link #open(Path)}, waiting at most {@code busyTimeoutMs} for another process's
   * transaction.
   */
  static SqliteGallery open(Path file, int busyTimeoutMs) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      create(file);
    }
    checkHeader(file);
    Connection c = null;
    try {
      c = connect(file, busyTimeoutMs);
      SqliteGallery g = new SqliteGallery(file, c);
      g.checkTables();
      g.upgrade();
      return g;
    } catch (SQLException e) {
      closeQuietly(c);
      throw failure(file, e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** Opens a gallery that must already exist (for commands that only read it). */
  public static SqliteGallery openExisting(Path file) {
    if (!Files.exists(file)) {
      throw new FaceNetException("gallery " + file + " does not exist");
    }
    return open(file);
  }

  private static Connection connect(Path file, int busyTimeoutMs) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(busyTimeoutMs);
    // what a removal frees is overwritten with zeros: a removed person's vectors must not stay
    // readable in the file's free pages
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Builds an empty gallery next to {@code file} and links it into place, unless someone else was
   * quicker.
   */
  private static void create(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new FaceNetException("gallery " + file + ": folder " + folder + " does not exist");
    }
    Path tmp;
    try {
      tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".new");
    } catch (IOException e) {
      // the exception's message is the temporary file's name, which the user never asked for
      String why =
          e instanceof java.nio.file.AccessDeniedException
              ? "permission denied"
              : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                  ? f.getReason()
                  : e.getMessage();
      throw new FaceNetException(
          "gallery " + file + ": cannot create it in " + folder + " (" + why + ")", e);
    }
    try {
      try (Connection c = connect(tmp, BUSY_TIMEOUT_MS)) {
        new SqliteGallery(tmp, c).createSchema();
      } catch (SQLException e) {
        throw failure(file, e);
      }
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        // another process created it first: use theirs
      } catch (UnsupportedOperationException | IOException e) {
        try {
          Files.move(tmp, file); // no hard links here: a plain rename that never replaces
        } catch (FileAlreadyExistsException raced) {
          // another process created it first
        }
      }
    } catch (IOException e) {
      throw new FaceNetException(
          "gallery " + file + ": cannot create it (" + e.getMessage() + ")", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray empty temporary file is harmless
      }
    }
  }

  /**
   * Reads the raw 100-byte SQLite header: ours, and not newer than this code? SQLite is not
   * involved yet.
   */
  private static void checkHeader(Path file) {
    if (Files.isDirectory(file)) {
      throw new FaceNetException("gallery " + file + " is a folder, not a gallery file");
    }
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException("gallery " + file + " is not a regular file");
    }
    byte[] head = new byte[100];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new FaceNetException(
          "gallery " + file + ": cannot read it (" + e.getMessage() + ")", e);
    }
    if (n == 0) {
      throw new FaceNetException(
          "gallery "
              + file
              + " is an empty file, not a facenet gallery; refusing to touch it"
              + " (delete it or choose another name to start a new gallery)");
    }
    if (n < head.length || !Arrays.equals(Arrays.copyOf(head, SQLITE_MAGIC.length), SQLITE_MAGIC)) {
      throw new FaceNetException(
          "gallery "
              + file
              + " is not a facenet gallery (not an SQLite file); refusing to touch it");
    }
    ByteBuffer header = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
    int appId = header.getInt(HEADER_APPLICATION_ID);
    int version = header.getInt(HEADER_USER_VERSION);
    if (appId != APPLICATION_ID) {
      throw new FaceNetException(
          "gallery "
              + file
              + " is an SQLite database but not a facenet gallery; refusing to touch it");
    }
    checkVersion("gallery " + file, version, SCHEMA_VERSION);
  }

  private void createSchema() throws SQLException {
    inTransaction(
        () -> {
          try (Statement s = db.createStatement()) {
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            s.execute(
                "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                    + " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, name_key TEXT)");
            s.execute(
                "CREATE TABLE encoding (id INTEGER PRIMARY KEY,"
                    + " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
                    + " model TEXT NOT NULL, crop TEXT NOT NULL, dimension INTEGER NOT NULL, vector BLOB NOT NULL,"
                    + " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, sha256 TEXT)");
            s.execute("CREATE INDEX encoding_by_model ON encoding(model, crop)");
            s.execute("CREATE INDEX encoding_by_person ON encoding(person_id)");
            createPictureIndex(s);
            s.execute(
                "CREATE TABLE threshold (model TEXT NOT NULL, crop TEXT NOT NULL, value REAL NOT NULL,"
                    + " PRIMARY KEY (model, crop))");
            createChanges(s);
            createAccessTables(s, AUDIT_ID);
          }
          addNameKeys(db, false);
          return null;
        });
  }

  /** The audit's row id: SQLite's own row id, which grows with every row. */
  private static final String AUDIT_ID = "INTEGER PRIMARY KEY";

  private static void createChanges(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
    s.execute("INSERT INTO changes(id, value) VALUES (1, 0)");
  }

  /** The index that answers {@link #enrolledPictures} without walking a model's encodings. */
  private static void createPictureIndex(Statement s) throws SQLException {
    s.execute("CREATE INDEX encoding_by_picture ON encoding(sha256, model, crop)");
  }

  /**
   * Brings a file of an older schema to this one, in one transaction, keeping everything in it.
   * Each step looks before it acts: another process may have upgraded the file while this one
   * waited for the write lock.
   */
  private void upgrade() throws SQLException {
    if (userVersion() >= SCHEMA_VERSION) {
      return;
    }
    inTransaction(
        () -> {
          try (Statement s = db.createStatement()) {
            if (!exists("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'")) {
              createChanges(s); // 1 -> 2
            }
            if (!exists("SELECT 1 FROM pragma_table_info('encoding') WHERE name = 'sha256'")) {
              // 2 -> 3: existing encodings keep NULL, "picture not known"
              s.execute("ALTER TABLE encoding ADD COLUMN sha256 TEXT");
              createPictureIndex(s);
            }
            createAccessTables(s, AUDIT_ID); // 3 -> 4 (creates only what is missing)
            if (!exists("SELECT 1 FROM pragma_table_info('person') WHERE name = 'name_key'")) {
              s.execute("ALTER TABLE person ADD COLUMN name_key TEXT"); // 4 -> 5
            }
            addNameKeys(db, false);
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
          }
          return null;
        });
  }

  private int userVersion() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      return r.next() ? r.getInt(1) : SCHEMA_VERSION;
    }
  }

  private boolean exists(String query) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query)) {
      return r.next();
    }
  }

  /**
   * Our header but not our tables: a damaged file, refused rather than repaired behind the user's
   * back.
   */
  private void checkTables() throws SQLException {
    List<String> present = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (r.next()) {
        present.add(r.getString(1));
      }
    }
    requireTables(label(), TABLES, present);
  }

  /** The gallery's file. */
  public Path file() {
    return file;
  }

  // ---- plumbing ----

  @Override
  String label() {
    return "gallery " + file;
  }

  @Override
  <T> T inReadTransaction(Work<T> work) throws SQLException {
    return work.run(); // each statement is its own transaction, which SQLite begins and ends
  }

  @Override
  <T> T inWriteTransaction(Work<T> work) throws SQLException {
    return inTransaction(work);
  }

  @Override
  FaceNetException failure(SQLException e) {
    return failure(file, e);
  }

  @Override
  PreparedStatement selectNames(Collection<Long> personIds) throws SQLException {
    String marks = String.join(",", Collections.nCopies(personIds.size(), "?"));
    PreparedStatement p =
        db.prepareStatement("SELECT id, name FROM person WHERE id IN (" + marks + ")");
    int i = 1;
    for (long id : personIds) {
      p.setLong(i++, id);
    }
    return p;
  }

  /**
   * SQLite's integrity check of its pages and indexes (the row checks find rows without a person).
   */
  @Override
  List<String> integrityProblems() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
      while (r.next()) {
        if (!"ok".equals(r.getString(1))) {
          out.add("SQLite's integrity check: " + r.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  String integrityNote() {
    return "SQLite's integrity check passed";
  }

  /** SQLite's error as a sentence a user can act on. */
  private static FaceNetException failure(Path file, SQLException e) {
    int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xFF : -1;
    String why =
        switch (code) {
          case 5, 6 -> "another process kept it locked for longer than this one waits; try again";
          case 8 -> "it is read-only (no permission to write it or its folder)";
          case 11, 26 -> "it is damaged (" + oneLine(e) + ")";
          case 13 -> "the disk is full";
          case 14 -> "cannot open it (" + oneLine(e) + ")";
          default -> oneLine(e);
        };
    return new FaceNetException("gallery " + file + ": " + why, e);
  }

  /**
   * Runs {@code work} between BEGIN IMMEDIATE and COMMIT, rolling back on any failure. The
   * statements are issued by hand, with the driver left in auto-commit mode: the driver's own
   * manual-commit mode opens the next transaction right after every commit (taking the write lock
   * again) and is left half-switched when its BEGIN fails on a busy file, after which statements
   * would no longer run in a transaction at all.
   */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "BEGIN IMMEDIATE"); // the write lock now, waiting up to the busy timeout, or nothing at
      // all
    }
    try {
      T result = work.run();
      try (Statement s = db.createStatement()) {
        s.execute("COMMIT");
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      try (Statement s = db.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException alreadyEnded) {
        e.addSuppressed(alreadyEnded);
      }
      throw e;
    }
  }

  private static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replace('\n', ' ');
  }
}
