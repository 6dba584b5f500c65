package dev.facenet.gallery;

import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Neighbour;
import dev.facenet.common.Person;
import dev.facenet.common.SearchMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the SQLite and the PostgreSQL gallery have in common: the same tables, so the same SQL for
 * everything a gallery does once it is open, and the same hand-over of changes to the search
 * indexes. Written once so that the two stores cannot drift apart; each subclass keeps only what
 * really differs: opening and checking its schema, how a transaction starts and how writers of
 * several processes take turns, and how a driver's error is told to the user.
 *
 * <p>Thread-safe: the gallery has one connection, and every use of it, in {@link #read}, {@link
 * #write} and {@link #close}, holds the gallery's own monitor ({@code synchronized} on the gallery
 * object), so one thread at a time talks to the database. A subclass touches the connection outside
 * those only while opening, before the gallery is handed to anyone; state it keeps beside the
 * connection (such as cached counts) is guarded by the same monitor, being used only inside {@link
 * #read} or {@link #write}.
 */
abstract class JdbcGallery implements Gallery {
  /** The open connection; guarded by this gallery's monitor. */
  final Connection db;

  final GallerySearch search;

  /**
   * @param indexFolder where the search indexes are kept; null keeps them in memory only
   */
  JdbcGallery(Connection db, Path indexFolder) {
    this.db = db;
    this.search = new GallerySearch(new Store(), indexFolder);
  }

  // ---- what each store does its own way ----

  /**
   * Runs {@code work}, which only reads, as this store reads: in a transaction or not. Called with
   * the gallery's monitor held.
   */
  abstract <T> T inReadTransaction(Work<T> work) throws SQLException;

  /**
   * Runs {@code work} in one transaction that writers of every process take in turn, rolled back
   * when it fails. Called with the gallery's monitor held.
   */
  abstract <T> T inWriteTransaction(Work<T> work) throws SQLException;

  /** The driver's error as one line a user can act on, in this store's words. */
  abstract FaceNetException failure(SQLException e);

  /**
   * Sets a statement that may return many rows to stream them rather than hold them all at once;
   * nothing to do where the driver streams anyway.
   */
  void streamed(Statement s) throws SQLException {}

  /**
   * How many encodings of this model and crop are stored; the search asks before every query. Run
   * inside {@link #read}.
   */
  long countEncodings(String model, String crop) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("SELECT count(*) FROM encoding WHERE model = ? AND crop = ?")) {
      p.setString(1, model);
      p.setString(2, crop);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  /** A query for the id and name of these people (not empty); each store passes a list its way. */
  abstract PreparedStatement selectNames(Collection<Long> personIds) throws SQLException;

  // ---- reading ----

  @Override
  public List<Person> people() {
    return read(
        () -> {
          Map<String, int[]> counts = new TreeMap<>();
          Map<String, List<String>> models = new LinkedHashMap<>();
          try (Statement s = db.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT p.name, e.model, e.crop, count(e.id) FROM person p"
                          + " LEFT JOIN encoding e ON e.person_id = p.id"
                          + " GROUP BY p.name, e.model, e.crop ORDER BY p.name, e.model, e.crop")) {
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
    return read(
        () -> {
          try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM person WHERE name = ?")) {
            p.setString(1, Person.normalise(name));
            try (ResultSet r = p.executeQuery()) {
              return r.next();
            }
          }
        });
  }

  @Override
  public List<Embedding> encodingsOf(String name, String model, String crop) {
    return read(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "SELECT e.vector FROM encoding e JOIN person p ON p.id = e.person_id"
                      + " WHERE p.name = ? AND e.model = ? AND e.crop = ? ORDER BY e.id")) {
            p.setString(1, Person.normalise(name));
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
    return read(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "SELECT p.name, e.vector FROM encoding e JOIN person p ON p.id = e.person_id"
                      + " WHERE e.model = ? AND e.crop = ? ORDER BY p.name, e.id")) {
            streamed(p);
            p.setString(1, model);
            p.setString(2, crop);
            Map<String, List<Embedding>> out = new LinkedHashMap<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                    .add(new Embedding(model, crop, toFloats(r.getBytes(2))));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<String> modelsInUse() {
    return read(
        () -> {
          List<String> out = new ArrayList<>();
          try (Statement s = db.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT DISTINCT model, crop FROM encoding ORDER BY model, crop")) {
            while (r.next()) {
              out.add(r.getString(1) + "/" + r.getString(2));
            }
          }
          return out;
        });
  }

  @Override
  public OptionalDouble threshold(String model, String crop) {
    return read(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement("SELECT value FROM threshold WHERE model = ? AND crop = ?")) {
            p.setString(1, model);
            p.setString(2, crop);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? OptionalDouble.of(r.getDouble(1)) : OptionalDouble.empty();
            }
          }
        });
  }

  @Override
  public long exportAll(Consumer<Enrolment> sink) {
    return read(
        () -> {
          long n = 0;
          try (Statement s = db.createStatement()) {
            streamed(s);
            try (ResultSet r =
                s.executeQuery(
                    "SELECT p.name, e.model, e.crop, e.vector FROM encoding e"
                        + " JOIN person p ON p.id = e.person_id ORDER BY p.name, e.id")) {
              while (r.next()) {
                sink.accept(
                    new Enrolment(
                        r.getString(1),
                        new Embedding(r.getString(2), r.getString(3), toFloats(r.getBytes(4)))));
                n++;
              }
            }
          }
          return n;
        });
  }

  @Override
  public List<Neighbour> nearest(Embedding query, int k, double maxDistance, SearchMode mode) {
    return search.nearest(query, k, maxDistance, mode);
  }

  @Override
  public long changes() {
    return read(this::readChanges);
  }

  /** The change counter, inside a transaction already begun. */
  long readChanges() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT value FROM changes WHERE id = 1")) {
      return r.next() ? r.getLong(1) : 0L;
    }
  }

  /** The store as the search indexes see it. */
  private final class Store implements IndexedStore {
    @Override
    public long changes() {
      return JdbcGallery.this.changes();
    }

    @Override
    public long count(String model, String crop) {
      return read(() -> countEncodings(model, crop));
    }

    @Override
    public void scan(String model, String crop, Row sink) {
      read(
          () -> {
            try (PreparedStatement p =
                db.prepareStatement(
                    "SELECT id, person_id, vector FROM encoding WHERE model = ? AND crop = ?")) {
              streamed(p); // a large gallery never sits in memory twice
              p.setString(1, model);
              p.setString(2, crop);
              try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                  sink.accept(r.getLong(1), r.getLong(2), toFloats(r.getBytes(3)));
                }
              }
            }
            return null;
          });
    }

    @Override
    public Map<Long, String> names(Collection<Long> personIds) {
      if (personIds.isEmpty()) {
        return Map.of();
      }
      return read(
          () -> {
            Map<Long, String> out = new HashMap<>();
            try (PreparedStatement p = selectNames(personIds);
                ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.put(r.getLong(1), r.getString(2));
              }
            }
            return out;
          });
    }
  }

  @Override
  public synchronized void close() {
    try {
      search.close();
    } finally {
      closeQuietly(db);
    }
  }

  // ---- plumbing ----

  /** Work on the connection, run by {@link #read} or {@link #write}. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs reading work under the gallery's monitor; a driver error becomes a user's sentence. */
  final synchronized <T> T read(Work<T> work) {
    try {
      return inReadTransaction(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Runs writing work under the gallery's monitor, in one transaction writers take in turn. */
  final synchronized <T> T write(Work<T> work) {
    try {
      return inWriteTransaction(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Refuses an encoding with no values, a value that is not finite, or a length other than the one
   * its model and crop had earlier in {@code dimensions}.
   */
  static void check(String where, Embedding e, Map<String, Integer> dimensions) {
    if (e.dimension() == 0) {
      throw new FaceNetException(
          where + ": an encoding of " + e.model() + "/" + e.crop() + " has no values");
    }
    for (float v : e.values()) {
      if (!Float.isFinite(v)) {
        throw new FaceNetException(
            where + ": an encoding of " + e.model() + "/" + e.crop() + " holds " + v);
      }
    }
    Integer before = dimensions.putIfAbsent(e.model() + "/" + e.crop(), e.dimension());
    if (before != null && before != e.dimension()) {
      throw new FaceNetException(
          where
              + ": encodings of "
              + e.model()
              + "/"
              + e.crop()
              + " with "
              + before
              + " and with "
              + e.dimension()
              + " values");
    }
  }

  /** An encoding as stored: its floats, little-endian, in both stores. */
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

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
  }
}
