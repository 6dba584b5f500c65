package dev.facenet.gallery;

import dev.facenet.Embedding;
import dev.facenet.FaceNetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The embedded gallery: one SQLite file. Every change runs in a transaction, so a process killed in the
 * middle of an enrolment leaves the file as it was before. The file is marked with an application id, so a
 * database that is not ours is refused instead of being written to.
 */
public final class SqliteGallery implements Gallery {
  /** SQLite's application_id of our files: "FCNT". */
  static final int APPLICATION_ID = 0x46434E54;
  static final int SCHEMA_VERSION = 1;
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final Connection db;

  private SqliteGallery(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** Opens a gallery file, creating it (and an empty gallery) when it does not exist. */
  public static SqliteGallery open(Path file) {
    boolean fresh = !Files.exists(file) || size(file) == 0;
    if (!fresh) {
      checkIsSqlite(file);
    } else if (file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
      throw new FaceNetException("gallery " + file + ": folder " + file.toAbsolutePath().getParent() + " does not exist");
    }
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA busy_timeout = 10000");
      }
      SqliteGallery g = new SqliteGallery(file, c);
      if (fresh) {
        g.createSchema();
      } else {
        g.checkSchema();
      }
      return g;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new FaceNetException("gallery " + file + ": " + oneLine(e), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** Opens a gallery that must already exist (for commands that only read it). */
  public static SqliteGallery openExisting(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException("gallery " + file + " does not exist");
    }
    return open(file);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new FaceNetException("gallery " + file + ": cannot read it: " + e.getMessage(), e);
    }
  }

  private static void checkIsSqlite(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException("gallery " + file + " is not a file");
    }
    byte[] head = new byte[SQLITE_MAGIC.length];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new FaceNetException("gallery " + file + ": cannot read it: " + e.getMessage(), e);
    }
    if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
      throw new FaceNetException("gallery " + file + " is not a facenet gallery (not an SQLite file); refusing to touch it");
    }
  }

  private void createSchema() throws SQLException {
    inTransaction(() -> {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA application_id = " + APPLICATION_ID);
        s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        s.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
            + " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        s.execute("CREATE TABLE encoding (id INTEGER PRIMARY KEY,"
            + " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
            + " model TEXT NOT NULL, crop TEXT NOT NULL, dimension INTEGER NOT NULL, vector BLOB NOT NULL,"
            + " created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        s.execute("CREATE INDEX encoding_by_model ON encoding(model, crop)");
        s.execute("CREATE INDEX encoding_by_person ON encoding(person_id)");
        s.execute("CREATE TABLE threshold (model TEXT NOT NULL, crop TEXT NOT NULL, value REAL NOT NULL,"
            + " PRIMARY KEY (model, crop))");
      }
      return null;
    });
  }

  private void checkSchema() throws SQLException {
    int appId;
    int version;
    try (Statement s = db.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA application_id")) {
        appId = r.next() ? r.getInt(1) : 0;
      }
      try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
        version = r.next() ? r.getInt(1) : 0;
      }
    }
    if (appId != APPLICATION_ID) {
      throw new FaceNetException("gallery " + file + " is an SQLite database but not a facenet gallery; refusing to touch it");
    }
    if (version > SCHEMA_VERSION) {
      throw new FaceNetException("gallery " + file + " was written by a newer facenet (schema " + version + ", this one reads " + SCHEMA_VERSION + ")");
    }
  }

  @Override
  public void enroll(String name, List<Embedding> encodings) {
    if (encodings.isEmpty()) {
      throw new FaceNetException("enrol " + name + ": no encodings");
    }
    write(() -> {
      long personId;
      try (PreparedStatement p = db.prepareStatement("INSERT INTO person(name) VALUES (?) ON CONFLICT(name) DO NOTHING")) {
        p.setString(1, name);
        p.executeUpdate();
      }
      try (PreparedStatement p = db.prepareStatement("SELECT id FROM person WHERE name = ?")) {
        p.setString(1, name);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          personId = r.getLong(1);
        }
      }
      try (PreparedStatement p = db.prepareStatement(
          "INSERT INTO encoding(person_id, model, crop, dimension, vector) VALUES (?, ?, ?, ?, ?)")) {
        for (Embedding e : encodings) {
          p.setLong(1, personId);
          p.setString(2, e.model());
          p.setString(3, e.crop());
          p.setInt(4, e.dimension());
          p.setBytes(5, toBytes(e.values()));
          p.addBatch();
        }
        p.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<Person> people() {
    return read(() -> {
      Map<String, int[]> counts = new TreeMap<>();
      Map<String, List<String>> models = new LinkedHashMap<>();
      try (Statement s = db.createStatement();
           ResultSet r = s.executeQuery("SELECT p.name, e.model, e.crop, count(e.id) FROM person p"
               + " LEFT JOIN encoding e ON e.person_id = p.id GROUP BY p.name, e.model, e.crop ORDER BY p.name, e.model, e.crop")) {
        while (r.next()) {
          String name = r.getString(1);
          counts.computeIfAbsent(name, k -> new int[1])[0] += r.getInt(4);
          List<String> m = models.computeIfAbsent(name, k -> new ArrayList<>());
          if (r.getString(2) != null) {
            m.add(r.getString(2) + "/" + r.getString(3));
          }
        }
      }
      List<Person> out = new ArrayList<>();
      counts.forEach((name, c) -> out.add(new Person(name, c[0], models.get(name))));
      return out;
    });
  }

  @Override
  public boolean contains(String name) {
    return read(() -> {
      try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM person WHERE name = ?")) {
        p.setString(1, name);
        try (ResultSet r = p.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  @Override
  public boolean remove(String name) {
    return write(() -> {
      try (PreparedStatement p = db.prepareStatement("DELETE FROM person WHERE name = ?")) {
        p.setString(1, name);
        return p.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<Embedding> encodingsOf(String name, String model, String crop) {
    return read(() -> {
      try (PreparedStatement p = db.prepareStatement("SELECT e.vector FROM encoding e JOIN person p ON p.id = e.person_id"
          + " WHERE p.name = ? AND e.model = ? AND e.crop = ? ORDER BY e.id")) {
        p.setString(1, name);
        p.setString(2, model);
        p.setString(3, crop);
        List<Embedding> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.add(new Embedding(model, crop, toFloats(r.getBytes(1))));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Map<String, List<Embedding>> encodings(String model, String crop) {
    return read(() -> {
      try (PreparedStatement p = db.prepareStatement("SELECT p.name, e.vector FROM encoding e JOIN person p ON p.id = e.person_id"
          + " WHERE e.model = ? AND e.crop = ? ORDER BY p.name, e.id")) {
        p.setString(1, model);
        p.setString(2, crop);
        Map<String, List<Embedding>> out = new LinkedHashMap<>();
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Embedding(model, crop, toFloats(r.getBytes(2))));
          }
        }
        return out;
      }
    });
  }

  @Override
  public List<String> modelsInUse() {
    return read(() -> {
      List<String> out = new ArrayList<>();
      try (Statement s = db.createStatement();
           ResultSet r = s.executeQuery("SELECT DISTINCT model, crop FROM encoding ORDER BY model, crop")) {
        while (r.next()) {
          out.add(r.getString(1) + "/" + r.getString(2));
        }
      }
      return out;
    });
  }

  @Override
  public OptionalDouble threshold(String model, String crop) {
    return read(() -> {
      try (PreparedStatement p = db.prepareStatement("SELECT value FROM threshold WHERE model = ? AND crop = ?")) {
        p.setString(1, model);
        p.setString(2, crop);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? OptionalDouble.of(r.getDouble(1)) : OptionalDouble.empty();
        }
      }
    });
  }

  @Override
  public void setThreshold(String model, String crop, double threshold) {
    write(() -> {
      try (PreparedStatement p = db.prepareStatement("INSERT INTO threshold(model, crop, value) VALUES (?, ?, ?)"
          + " ON CONFLICT(model, crop) DO UPDATE SET value = excluded.value")) {
        p.setString(1, model);
        p.setString(2, crop);
        p.setDouble(3, threshold);
        p.executeUpdate();
      }
      return null;
    });
  }

  /** The gallery's file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    closeQuietly(db);
  }

  // ---- plumbing ----

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private synchronized <T> T read(Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new FaceNetException("gallery " + file + ": " + oneLine(e), e);
    }
  }

  private synchronized <T> T write(Work<T> work) {
    try {
      return inTransaction(work);
    } catch (SQLException e) {
      throw new FaceNetException("gallery " + file + ": " + oneLine(e), e);
    }
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    db.setAutoCommit(false);
    try {
      T result = work.run();
      db.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  static byte[] toBytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static float[] toFloats(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }

  private static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replace('\n', ' ');
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
  }
}
