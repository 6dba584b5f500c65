package dev.facenet.gallery;

import dev.facenet.common.Actor;
import dev.facenet.common.ApiKey;
import dev.facenet.common.AuditEntry;
import dev.facenet.common.ContentHash;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.GalleryCheck;
import dev.facenet.common.GalleryDamagedException;
import dev.facenet.common.KeyRole;
import dev.facenet.common.Neighbour;
import dev.facenet.common.Person;
import dev.facenet.common.PersonData;
import dev.facenet.common.SearchMode;
import dev.facenet.embed.FaceEncoders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the SQLite and the PostgreSQL gallery have in common. Both keep the same tables, so the SQL
 * of everything a gallery does once it is open, the checks on what is enrolled and the hand-over of
 * changes to the search indexes are the same; they are written once here so that the two stores
 * cannot drift apart. Each subclass keeps only what really differs: opening, creating and checking
 * its schema, how a transaction starts and how writers of several processes take turns, how a
 * driver's error is told to the user, and, where PostgreSQL has a statement that saves round trips
 * (person ids, the change counter, deletes, batched imports, cached counts), its own version of the
 * plain one here.
 *
 * <p>Thread-safe: the gallery has one connection, and every use of it, in {@link #read}, {@link
 * #write} and {@link #close}, holds the gallery's own monitor ({@code synchronized} on the gallery
 * object), so one thread at a time talks to the database. A subclass touches the connection outside
 * those only while opening, before the gallery is handed to anyone; state it keeps beside the
 * connection (such as cached counts) is used only inside {@link #read} or {@link #write}, so the
 * same monitor guards it. The search indexes ({@link GallerySearch}) lock themselves and are told
 * of a change after its transaction, outside the monitor.
 */
abstract class JdbcGallery implements Gallery {
  /**
   * Picture hashes asked about in one query: far below SQLite's smallest limit on a statement's
   * parameters (999 in old builds), and large enough that a dataset costs few round trips.
   */
  static final int HASHES_PER_QUERY = 500;

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

  /**
   * How an error names the gallery at its start: "gallery" and the file, or "gallery at" and the
   * server.
   */
  abstract String label();

  /**
   * A query, ready to run, for the id and name of these people (not empty); each store passes a
   * list its own way. The caller closes it.
   */
  abstract PreparedStatement selectNames(Collection<Long> personIds) throws SQLException;

  // ---- reading ----

  @Override
  public List<Person> people() {
    return read(() -> selectPeople(null));
  }

  @Override
  public Optional<Person> person(String name) {
    return read(
            () -> {
              Long id = findPerson(name);
              return id == null ? List.<Person>of() : selectPeople(id);
            })
        .stream()
        .findFirst();
  }

  /** Everyone, or the one person of this id, with their counts by model and crop. */
  private List<Person> selectPeople(Long only) throws SQLException {
    // sorted as people read a list, case aside ("ann", "Bob", "carl"), then by code point
    Map<String, int[]> counts =
        new TreeMap<>(
            Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT))
                .thenComparing(Comparator.naturalOrder()));
    Map<String, List<String>> models = new LinkedHashMap<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT p.name, e.model, e.crop, count(e.id) FROM person p"
                + " LEFT JOIN encoding e ON e.person_id = p.id"
                + (only == null ? "" : " WHERE p.id = ?")
                + " GROUP BY p.name, e.model, e.crop ORDER BY p.name, e.model, e.crop")) {
      if (only != null) {
        s.setLong(1, only);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          counts.computeIfAbsent(name, k -> new int[1])[0] += r.getInt(4);
          List<String> m = models.computeIfAbsent(name, k -> new ArrayList<>());
          if (r.getString(2) != null) {
            m.add(r.getString(2) + "/" + r.getString(3));
          }
        }
      }
    }
    List<Person> out = new ArrayList<>();
    counts.forEach((name, c) -> out.add(new Person(name, c[0], models.get(name))));
    return out;
  }

  @Override
  public boolean contains(String name) {
    return read(() -> findPerson(name) != null);
  }

  /**
   * The id of the person a name means, or null: the person of exactly this (NFC) spelling, else the
   * one whose name is the same ignoring case ({@link Person#key}). The exact spelling goes first so
   * that two people of a gallery made before names ignored case stay apart.
   */
  final Long findPerson(String name) throws SQLException {
    if (name == null) {
      return null;
    }
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT id FROM person WHERE name = ? OR name_key = ?"
                + " ORDER BY CASE WHEN name = ? THEN 0 ELSE 1 END, id LIMIT 1")) {
      String exact = Person.normalise(name);
      p.setString(1, exact);
      p.setString(2, Person.key(name));
      p.setString(3, exact);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  @Override
  public List<Embedding> encodingsOf(String name, String model, String crop) {
    return read(
        () -> {
          Long id = findPerson(name);
          List<Embedding> out = new ArrayList<>();
          if (id == null) {
            return out;
          }
          try (PreparedStatement p =
              db.prepareStatement(
                  "SELECT id, dimension, vector FROM encoding"
                      + " WHERE person_id = ? AND model = ? AND crop = ? ORDER BY id")) {
            p.setLong(1, id);
            p.setString(2, model);
            p.setString(3, crop);
            Vectors vectors = new Vectors(model, crop);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Embedding(
                        model, crop, vectors.read(r.getLong(1), id, r.getInt(2), r.getBytes(3))));
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
                  "SELECT e.id, p.name, e.dimension, e.vector, e.person_id FROM encoding e"
                      + " JOIN person p ON p.id = e.person_id"
                      + " WHERE e.model = ? AND e.crop = ? ORDER BY p.name, e.id")) {
            streamed(p);
            p.setString(1, model);
            p.setString(2, crop);
            Map<String, List<Embedding>> out = new LinkedHashMap<>();
            Vectors vectors = new Vectors(model, crop);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                float[] v = vectors.read(r.getLong(1), r.getLong(5), r.getInt(3), r.getBytes(4));
                out.computeIfAbsent(r.getString(2), k -> new ArrayList<>())
                    .add(new Embedding(model, crop, v));
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
                    "SELECT p.name, e.model, e.crop, e.vector, e.sha256, e.id, e.dimension,"
                        + " e.person_id FROM encoding e JOIN person p ON p.id = e.person_id"
                        + " ORDER BY p.name, e.id")) {
              Map<String, Vectors> byModel = new HashMap<>();
              while (r.next()) {
                String name = r.getString(1);
                String model = r.getString(2);
                String crop = r.getString(3);
                float[] v =
                    byModel
                        .computeIfAbsent(model + "/" + crop, k -> new Vectors(model, crop))
                        .read(r.getLong(6), r.getLong(8), r.getInt(7), r.getBytes(4));
                String hash = r.getString(5);
                sink.accept(
                    new Enrolment(
                        name,
                        new Embedding(model, crop, v),
                        hash == null ? null : new ContentHash(hash)));
                n++;
              }
            }
          }
          return n;
        });
  }

  @Override
  public Map<ContentHash, Set<String>> enrolledPictures(
      String model, String crop, Collection<ContentHash> pictures) {
    List<String> wanted = pictures.stream().map(ContentHash::hex).distinct().toList();
    if (wanted.isEmpty()) {
      return Map.of();
    }
    return read(
        () -> {
          Map<ContentHash, Set<String>> out = new HashMap<>();
          for (int from = 0; from < wanted.size(); from += HASHES_PER_QUERY) {
            List<String> chunk =
                wanted.subList(from, Math.min(wanted.size(), from + HASHES_PER_QUERY));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            // the equalities on model and crop let the index on (sha256, model, crop) answer it
            // alone, rather than a walk through every encoding of the model
            try (PreparedStatement p =
                db.prepareStatement(
                    "SELECT DISTINCT e.sha256, p.name FROM encoding e"
                        + " JOIN person p ON p.id = e.person_id"
                        + " WHERE e.sha256 IN ("
                        + marks
                        + ") AND e.model = ? AND e.crop = ?")) {
              int i = 1;
              for (String hex : chunk) {
                p.setString(i++, hex);
              }
              p.setString(i++, model);
              p.setString(i, crop);
              try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                  out.computeIfAbsent(new ContentHash(r.getString(1)), k -> new HashSet<>())
                      .add(r.getString(2));
                }
              }
            }
          }
          return out;
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
                    "SELECT id, person_id, dimension, vector FROM encoding"
                        + " WHERE model = ? AND crop = ?")) {
              streamed(p); // a large gallery never sits in memory twice
              p.setString(1, model);
              p.setString(2, crop);
              Vectors vectors = new Vectors(model, crop);
              try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                  long personId = r.getLong(2);
                  sink.accept(
                      r.getLong(1),
                      personId,
                      vectors.read(r.getLong(1), personId, r.getInt(3), r.getBytes(4)));
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

  // ---- writing ----

  @Override
  public void enroll(String name, List<Embedding> encodings, List<ContentHash> pictures, Actor by) {
    String who = Person.checkName(name);
    if (encodings.isEmpty()) {
      throw new FaceNetException("enrol " + who + ": no encodings");
    }
    if (pictures.size() != encodings.size()) {
      throw new IllegalArgumentException(
          encodings.size() + " encodings but " + pictures.size() + " picture hashes");
    }
    Map<String, Integer> dimensions = new LinkedHashMap<>();
    for (Embedding e : encodings) {
      check("enrol " + who, e, dimensions);
    }
    List<long[]> ids = new ArrayList<>();
    long after =
        write(
            () -> {
              for (Embedding e : encodings) {
                if (dimensions.remove(e.model() + "/" + e.crop()) != null) {
                  checkDimension(e);
                }
              }
              long personId = personId(who);
              try (PreparedStatement p = insertEncoding()) {
                for (int i = 0; i < encodings.size(); i++) {
                  ids.add(
                      new long[] {
                        insert(p, personId, encodings.get(i), pictures.get(i)), personId
                      });
                }
              }
              audit(by, "enroll", nameOf(personId), encodings.size());
              return countChange();
            });
    search.changed(
        after - 1,
        after,
        change -> {
          for (int i = 0; i < encodings.size(); i++) {
            Embedding e = encodings.get(i);
            change.added(e.model(), e.crop(), ids.get(i)[0], ids.get(i)[1], e.values());
          }
        });
  }

  @Override
  public long enrollAll(Iterator<Enrolment> entries, Actor by) {
    return write(
        () -> {
          Map<String, Long> people = new HashMap<>();
          Map<String, Integer> dimensions = new HashMap<>();
          long n = 0;
          try (Inserts rows = inserts()) {
            while (entries.hasNext()) {
              Enrolment entry = entries.next();
              n++;
              String where = "entry " + n;
              String who;
              try {
                who = Person.checkName(entry.name());
              } catch (FaceNetException e) {
                throw new FaceNetException(where + ": " + e.getMessage(), e);
              }
              Embedding e = entry.embedding();
              String key = e.model() + "/" + e.crop();
              boolean first = !dimensions.containsKey(key);
              check(where + " (" + who + ")", e, dimensions);
              if (first) {
                try {
                  checkDimension(e);
                } catch (FaceNetException wrong) {
                  throw new FaceNetException(where + ": " + wrong.getMessage(), wrong);
                }
              }
              Long personId = people.get(who);
              if (personId == null) {
                personId = personId(who);
                people.put(who, personId);
              }
              rows.add(personId, e, entry.picture());
            }
            rows.flush();
          }
          if (n > 0) {
            audit(by, "import", null, n);
            countChange();
          }
          return n;
        });
  }

  /**
   * Encodings of one model and crop all have the same length; a different one means a different
   * network.
   */
  private void checkDimension(Embedding e) throws SQLException {
    // every stored encoding of a model and crop has the same length, so one row (found through the
    // index) tells
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT dimension FROM encoding WHERE model = ? AND crop = ? LIMIT 1")) {
      p.setString(1, e.model());
      p.setString(2, e.crop());
      try (ResultSet r = p.executeQuery()) {
        if (r.next() && r.getInt(1) != e.dimension()) {
          throw new FaceNetException(
              label()
                  + ": encodings of "
                  + e.model()
                  + "/"
                  + e.crop()
                  + " have "
                  + r.getInt(1)
                  + " values here, this one has "
                  + e.dimension());
        }
      }
    }
  }

  @Override
  public boolean remove(String name, Actor by) {
    long[] idAndChanges =
        write(
            () -> {
              Long id = findPerson(name);
              if (id == null) {
                return null;
              }
              String who = nameOf(id);
              long encodings = countEncodingsOf(id);
              deletePerson(id);
              forgetName(id, who);
              audit(by, "remove", removedPerson(id), encodings);
              return new long[] {id, countChange()};
            });
    if (idAndChanges == null) {
      return false;
    }
    long after = idAndChanges[1];
    search.changed(after - 1, after, change -> change.removed(idAndChanges[0]));
    search.forgetSaved();
    return true;
  }

  @Override
  public boolean rename(String from, String to, Actor by) {
    String newName = Person.checkName(to);
    long after =
        write(
            () -> {
              Long id = findPerson(from);
              if (id == null) {
                return -1L;
              }
              String oldName = nameOf(id);
              Long holder = findPerson(newName);
              if (holder != null && holder.longValue() != id) {
                throw new FaceNetException(
                    "cannot rename '"
                        + oldName
                        + "' to '"
                        + newName
                        + "': that name is already in the gallery ('"
                        + nameOf(holder)
                        + "')");
              }
              try (PreparedStatement p =
                  db.prepareStatement("UPDATE person SET name = ?, name_key = ? WHERE id = ?")) {
                p.setString(1, newName);
                p.setString(2, Person.key(newName));
                p.setLong(3, id);
                p.executeUpdate();
              }
              audit(by, "rename", oldName + " -> " + newName, countEncodingsOf(id));
              return countChange();
            });
    if (after < 0) {
      return false;
    }
    // the indexes keep person ids, not names: nothing in them changes
    search.changed(after - 1, after, change -> {});
    return true;
  }

  @Override
  public void setThreshold(String model, String crop, double threshold) {
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new FaceNetException("threshold must be a positive number, got " + threshold);
    }
    write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT INTO threshold(model, crop, value) VALUES (?, ?, ?)"
                      + " ON CONFLICT (model, crop) DO UPDATE SET value = excluded.value")) {
            p.setString(1, model);
            p.setString(2, crop);
            p.setDouble(3, threshold);
            p.executeUpdate();
          }
          return null;
        });
  }

  /** How many encodings the person of this id has. */
  private long countEncodingsOf(long personId) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("SELECT count(*) FROM encoding WHERE person_id = ?")) {
      p.setLong(1, personId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  /** The stored name of the person of this id, or a placeholder when there is none. */
  final String nameOf(long personId) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("SELECT name FROM person WHERE id = ?")) {
      p.setLong(1, personId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : "no person (id " + personId + ")";
      }
    }
  }

  // ---- checking and repairing ----

  /**
   * The database's own check, one line per problem; nothing when it passes or the store has none.
   * Run inside {@link #read}.
   */
  abstract List<String> integrityProblems() throws SQLException;

  /** What this store's own check is, for the notes, e.g. "SQLite's integrity check passed". */
  abstract String integrityNote();

  @Override
  public GalleryCheck check() {
    return read(
        () -> {
          List<GalleryCheck.Problem> problems = new ArrayList<>();
          List<String> notes = new ArrayList<>();
          List<String> integrity = integrityProblems();
          for (String line : integrity) {
            problems.add(new GalleryCheck.Problem(GalleryCheck.Kind.INTEGRITY, line));
          }
          if (integrity.isEmpty()) {
            notes.add(integrityNote());
          }
          problems.addAll(rowProblems(new ArrayList<>(), new ArrayList<>()));
          notes.addAll(contents());
          notes.addAll(search.states(readChanges()));
          return new GalleryCheck(problems, notes);
        });
  }

  @Override
  public GalleryCheck repair(Actor by) {
    // the indexes are not told which rows went: behind the counter now, they are rebuilt at the
    // next search
    return write(
        () -> {
          List<Long> encodings = new ArrayList<>();
          List<GalleryCheck.Problem> done = new ArrayList<>();
          rowProblems(encodings, new ArrayList<>()).stream()
              .filter(p -> p.kind().repairable() && p.kind() != GalleryCheck.Kind.EMPTY_PERSON)
              .forEach(done::add);
          try (PreparedStatement p = db.prepareStatement("DELETE FROM encoding WHERE id = ?")) {
            for (long id : encodings) {
              p.setLong(1, id);
              p.executeUpdate();
            }
          }
          // then every person without an encoding, those it just left so among them (only the
          // people are looked at again, not every vector)
          List<Long> people = new ArrayList<>();
          done.addAll(emptyPeople(people));
          for (long id : people) {
            deletePerson(id);
          }
          if (!done.isEmpty()) {
            audit(by, "repair", null, encodings.size());
            countChange();
          }
          return new GalleryCheck(done, List.of());
        });
  }

  /**
   * The problems of the rows: damaged and orphan encodings (their ids added to {@code encodings}),
   * people without encodings (added to {@code people}), and names that clash ignoring case.
   */
  private List<GalleryCheck.Problem> rowProblems(List<Long> encodings, List<Long> people)
      throws SQLException {
    List<GalleryCheck.Problem> problems = new ArrayList<>();
    Map<String, Integer> usual = new HashMap<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, crop, dimension FROM encoding GROUP BY model, crop, dimension"
                    + " ORDER BY model, crop, count(*), dimension")) {
      while (r.next()) {
        int known = FaceEncoders.dimensionOf(r.getString(1));
        // the dimension its model makes, else the most common (read last)
        usual.put(r.getString(1) + "/" + r.getString(2), known > 0 ? known : r.getInt(3));
      }
    }
    try (Statement s = db.createStatement()) {
      streamed(s);
      try (ResultSet r =
          s.executeQuery(
              "SELECT e.id, p.name, e.model, e.crop, e.dimension, e.vector FROM encoding e"
                  + " JOIN person p ON p.id = e.person_id ORDER BY e.id")) {
        while (r.next()) {
          String model = r.getString(3) + "/" + r.getString(4);
          String what = damage(r.getInt(5), r.getBytes(6), usual.getOrDefault(model, 0), model);
          if (what != null) {
            encodings.add(r.getLong(1));
            problems.add(
                new GalleryCheck.Problem(
                    GalleryCheck.Kind.DAMAGED_ENCODING,
                    "encoding "
                        + r.getLong(1)
                        + " of "
                        + r.getString(2)
                        + " ("
                        + model
                        + "): "
                        + what));
          }
        }
      }
    }
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT e.id, e.person_id FROM encoding e LEFT JOIN person p ON p.id = e.person_id"
                    + " WHERE p.id IS NULL ORDER BY e.id")) {
      while (r.next()) {
        encodings.add(r.getLong(1));
        problems.add(
            new GalleryCheck.Problem(
                GalleryCheck.Kind.ORPHAN_ENCODING,
                "encoding " + r.getLong(1) + " belongs to no person (id " + r.getLong(2) + ")"));
      }
    }
    problems.addAll(emptyPeople(people));
    Map<String, String> byKey = new HashMap<>();
    List<String[]> clashing = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT name, name_key FROM person ORDER BY id")) {
      while (r.next()) {
        String key = r.getString(2);
        if (key != null && key.contains(CLASH_MARK)) {
          clashing.add(new String[] {r.getString(1), key.substring(0, key.indexOf(CLASH_MARK))});
        } else if (key != null) {
          byKey.put(key, r.getString(1));
        }
      }
    }
    for (String[] c : clashing) {
      problems.add(
          new GalleryCheck.Problem(
              GalleryCheck.Kind.NAME_CLASH,
              "'"
                  + c[0]
                  + "' and '"
                  + byKey.getOrDefault(c[1], c[1])
                  + "' differ only in case: '"
                  + c[0]
                  + "' is found only by that exact spelling; rename one of them"));
    }
    return problems;
  }

  /** The people without a single encoding (their ids added to {@code people}). */
  private List<GalleryCheck.Problem> emptyPeople(List<Long> people) throws SQLException {
    List<GalleryCheck.Problem> problems = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT p.id, p.name FROM person p WHERE NOT EXISTS"
                    + " (SELECT 1 FROM encoding e WHERE e.person_id = p.id) ORDER BY p.id")) {
      while (r.next()) {
        people.add(r.getLong(1));
        problems.add(
            new GalleryCheck.Problem(
                GalleryCheck.Kind.EMPTY_PERSON,
                r.getString(2) + " (id " + r.getLong(1) + ") has no encoding"));
      }
    }
    return problems;
  }

  /** What the gallery holds, for the notes of a check. */
  private List<String> contents() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM person")) {
      r.next();
      out.add(r.getLong(1) + (r.getLong(1) == 1 ? " person" : " people"));
    }
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT model, crop, count(*), max(dimension) FROM encoding"
                    + " GROUP BY model, crop ORDER BY model, crop")) {
      while (r.next()) {
        out.add(
            r.getLong(3)
                + " encodings of "
                + r.getString(1)
                + "/"
                + r.getString(2)
                + " ("
                + r.getInt(4)
                + " values)");
      }
    }
    return out;
  }

  /**
   * How the audit names a removed person: by the id they had, which says nothing about them, so
   * that the audit still tells that someone with so many encodings was enrolled and removed, and by
   * whom, without keeping their name.
   */
  static String removedPerson(long id) {
    return "removed person #" + id;
  }

  /**
   * Replaces a removed person's name in the audit rows about them (their enrolments, renames and
   * imports that named them), inside the removing transaction.
   */
  private void forgetName(long id, String name) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("UPDATE audit SET person = ? WHERE id = ?")) {
      for (long row : auditAbout(name).keySet()) {
        p.setString(1, removedPerson(id));
        p.setLong(2, row);
        p.executeUpdate();
      }
    }
  }

  /**
   * The audit rows about the person now called {@code name}, by id, oldest first: those that name
   * them, under this name or any they had before a rename.
   */
  private Map<Long, AuditEntry> auditAbout(String name) throws SQLException {
    Map<Long, AuditEntry> all = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, at, actor, action, person, encodings FROM audit"
                    + " WHERE person IS NOT NULL ORDER BY id")) {
      while (r.next()) {
        all.put(r.getLong(1), auditEntry(r, 2));
      }
    }
    Set<String> names = new HashSet<>(List.of(name));
    // a rename "a -> b" of someone now known by one of these names adds a, newest first
    List<String> renames = new ArrayList<>();
    all.values().forEach(e -> renames.add(e.person()));
    Collections.reverse(renames);
    for (String person : renames) {
      int arrow = person.indexOf(" -> ");
      if (arrow > 0 && names.contains(person.substring(arrow + 4))) {
        names.add(person.substring(0, arrow));
      }
    }
    Map<Long, AuditEntry> out = new LinkedHashMap<>();
    for (Map.Entry<Long, AuditEntry> e : all.entrySet()) {
      String person = e.getValue().person();
      int arrow = person.indexOf(" -> ");
      boolean about =
          names.contains(person)
              || (arrow > 0
                  && (names.contains(person.substring(0, arrow))
                      || names.contains(person.substring(arrow + 4))));
      if (about) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  @Override
  public Optional<PersonData> about(String name) {
    return read(
        () -> {
          Long id = findPerson(name);
          if (id == null) {
            return Optional.<PersonData>empty();
          }
          String stored;
          String created;
          try (PreparedStatement p =
              db.prepareStatement("SELECT name, created FROM person WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
              r.next();
              stored = r.getString(1);
              created = r.getString(2);
            }
          }
          List<PersonData.Stored> encodings = new ArrayList<>();
          try (PreparedStatement p =
              db.prepareStatement(
                  "SELECT id, model, crop, created, sha256, dimension, vector FROM encoding"
                      + " WHERE person_id = ? ORDER BY id")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                String what = damage(r.getInt(6), r.getBytes(7), 0, null);
                encodings.add(
                    new PersonData.Stored(
                        r.getLong(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        what == null ? toFloats(r.getBytes(7)) : null,
                        what));
              }
            }
          }
          List<AuditEntry> audit = new ArrayList<>(auditAbout(stored).values());
          return Optional.of(new PersonData(stored, created, encodings, audit));
        });
  }

  /** The audit row whose columns at, actor, action, person, encodings start at {@code first}. */
  private static AuditEntry auditEntry(ResultSet r, int first) throws SQLException {
    return new AuditEntry(
        Instant.ofEpochMilli(r.getLong(first)),
        r.getString(first + 1),
        r.getString(first + 2),
        r.getString(first + 3),
        r.getLong(first + 4));
  }

  /** Writes one row of the audit, inside the transaction of the change it records. */
  private void audit(Actor by, String action, String person, long encodings) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO audit(at, actor, action, person, encodings) VALUES (?, ?, ?, ?, ?)")) {
      p.setLong(1, System.currentTimeMillis());
      p.setString(2, by.label());
      p.setString(3, action);
      p.setString(4, person);
      p.setLong(5, encodings);
      p.executeUpdate();
    }
  }

  @Override
  public List<AuditEntry> audit(int limit) {
    return read(
        () -> {
          List<AuditEntry> out = new ArrayList<>();
          try (PreparedStatement p =
              db.prepareStatement(
                  "SELECT at, actor, action, person, encodings FROM audit ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, Math.max(0, limit));
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(auditEntry(r, 1));
              }
            }
          }
          return out;
        });
  }

  // ---- API keys ----

  private static final String KEY_COLUMNS = "id, label, role, secret_sha256, created, revoked";

  @Override
  public void addKey(ApiKey key) {
    write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT INTO api_key(" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, key.id());
            p.setString(2, key.label());
            p.setString(3, key.role().label());
            p.setString(4, key.secretHash());
            p.setLong(5, key.created().toEpochMilli());
            if (key.revoked() == null) {
              p.setNull(6, Types.BIGINT);
            } else {
              p.setLong(6, key.revoked().toEpochMilli());
            }
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<ApiKey> keys() {
    return read(() -> selectKeys("SELECT " + KEY_COLUMNS + " FROM api_key ORDER BY created, id"));
  }

  @Override
  public Optional<ApiKey> key(String id) {
    return read(() -> selectKeys("SELECT " + KEY_COLUMNS + " FROM api_key WHERE id = ?", id))
        .stream()
        .findFirst();
  }

  private List<ApiKey> selectKeys(String query, String... args) throws SQLException {
    List<ApiKey> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long revoked = r.getLong(6);
          boolean valid = r.wasNull();
          out.add(
              new ApiKey(
                  r.getString(1),
                  r.getString(2),
                  KeyRole.parse(r.getString(3)),
                  r.getString(4),
                  Instant.ofEpochMilli(r.getLong(5)),
                  valid ? null : Instant.ofEpochMilli(revoked)));
        }
      }
    }
    return out;
  }

  @Override
  public boolean revokeKey(String id, Instant at) {
    return write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE api_key SET revoked = ? WHERE id = ? AND revoked IS NULL")) {
            p.setLong(1, at.toEpochMilli());
            p.setString(2, id);
            return p.executeUpdate() == 1;
          }
        });
  }

  /** The tables of the audit and the API keys, the same in every store but for the audit's id. */
  static void createAccessTables(Statement s, String auditId) throws SQLException {
    s.execute(
        "CREATE TABLE IF NOT EXISTS api_key (id TEXT PRIMARY KEY, label TEXT NOT NULL,"
            + " role TEXT NOT NULL, secret_sha256 TEXT NOT NULL, created BIGINT NOT NULL,"
            + " revoked BIGINT)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS audit (id "
            + auditId
            + ", at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, person TEXT,"
            + " encodings BIGINT NOT NULL)");
  }

  /**
   * Gives every person without one the key their name is looked up by ({@link Person#key}), then
   * makes keys unique. A gallery from before names ignored case may hold two people whose names
   * differ only in case ("Andrew" and "andrew"): they are never merged behind the user's back; the
   * one added first gets the plain key, so the name in any case finds them, and each later one a
   * key no name can have (a control character and its id), so only its exact spelling finds it.
   * {@code facenet check} lists such people. Runs inside the transaction that opens or upgrades the
   * gallery.
   */
  static void addNameKeys(Connection db, boolean indexed) throws SQLException {
    Map<Long, String> missing = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT id, name, name_key FROM person ORDER BY id")) {
      while (r.next()) {
        if (r.getString(3) == null) {
          missing.put(r.getLong(1), r.getString(2));
        } else {
          taken.add(r.getString(3));
        }
      }
    }
    if (!missing.isEmpty()) {
      try (PreparedStatement p =
          db.prepareStatement("UPDATE person SET name_key = ? WHERE id = ?")) {
        for (Map.Entry<Long, String> m : missing.entrySet()) {
          String key = Person.key(m.getValue());
          if (!taken.add(key)) {
            key = key + CLASH_MARK + m.getKey();
            taken.add(key);
          }
          p.setString(1, key);
          p.setLong(2, m.getKey());
          p.executeUpdate();
        }
      }
    }
    if (!indexed) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE UNIQUE INDEX IF NOT EXISTS person_by_key ON person(name_key)");
      }
    }
  }

  /**
   * Separates the key of a person whose name clashed, ignoring case, with an earlier one's: a
   * control character, which {@link Person#checkName} refuses in names (and PostgreSQL accepts in
   * text, unlike NUL).
   */
  static final String CLASH_MARK = "\u0001";

  /** Counts a change, inside the writing transaction; returns the counter after it. */
  long countChange() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.executeUpdate("UPDATE changes SET value = value + 1 WHERE id = 1");
      try (ResultSet r = s.executeQuery("SELECT value FROM changes WHERE id = 1")) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * The id of the person a (checked) name means, created with this spelling when new, inside the
   * writing transaction (writers take turns, so no other one adds the name meanwhile).
   */
  final long personId(String who) throws SQLException {
    Long id = findPerson(who);
    if (id != null) {
      return id;
    }
    try (PreparedStatement p =
        db.prepareStatement("INSERT INTO person(name, name_key) VALUES (?, ?) RETURNING id")) {
      p.setString(1, who);
      p.setString(2, Person.key(who));
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * Deletes the person of this id and, by the foreign key's cascade, their encodings, inside the
   * writing transaction.
   */
  private void deletePerson(long id) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM person WHERE id = ?")) {
      p.setLong(1, id);
      p.executeUpdate();
    }
  }

  /** The columns an insert into {@code encoding} sets, in the order {@link #bind} sets them. */
  static final String ENCODING_COLUMNS = "person_id, model, crop, dimension, vector, sha256";

  /** Adds one encoding per execution and answers with its id ({@link #insert}). */
  final PreparedStatement insertEncoding() throws SQLException {
    return db.prepareStatement(
        "INSERT INTO encoding(" + ENCODING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  }

  /** Inserts one encoding with a statement of {@link #insertEncoding}; returns its id. */
  static long insert(PreparedStatement p, long personId, Embedding e, ContentHash picture)
      throws SQLException {
    bind(p, personId, e, picture);
    try (ResultSet r = p.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Sets the six parameters of an insert into {@code encoding}; a picture that is not known leaves
   * its hash empty.
   */
  static void bind(PreparedStatement p, long personId, Embedding e, ContentHash picture)
      throws SQLException {
    p.setLong(1, personId);
    p.setString(2, e.model());
    p.setString(3, e.crop());
    p.setInt(4, e.dimension());
    p.setBytes(5, toBytes(e.values()));
    if (picture == null) {
      p.setNull(6, Types.VARCHAR);
    } else {
      p.setString(6, picture.hex());
    }
  }

  /**
   * Where a bulk enrolment's encodings go: the ids of these rows are not needed, so a store may
   * send them in batches.
   */
  interface Inserts extends AutoCloseable {
    /** One row; {@code picture} may be null. */
    void add(long personId, Embedding e, ContentHash picture) throws SQLException;

    /** Sends whatever is still held back; called once, after the last row. */
    default void flush() throws SQLException {}

    @Override
    void close() throws SQLException;
  }

  /** One insert per row: in-process, a row costs no round trip. */
  Inserts inserts() throws SQLException {
    PreparedStatement p = insertEncoding();
    return new Inserts() {
      @Override
      public void add(long personId, Embedding e, ContentHash picture) throws SQLException {
        insert(p, personId, e, picture);
      }

      @Override
      public void close() throws SQLException {
        p.close();
      }
    };
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
   * Refuses a schema version this code cannot read: one written by a newer facenet, or none at all.
   * {@code gallery} names the gallery as its errors begin ({@link #label}).
   */
  static void checkVersion(String gallery, int version, int newest) {
    if (version > newest) {
      throw new FaceNetException(
          gallery
              + " was written by a newer facenet (schema "
              + version
              + ", this one reads up to "
              + newest
              + "); refusing to touch it");
    }
    if (version < 1) {
      throw new FaceNetException(gallery + " is damaged: it has no schema version");
    }
  }

  /**
   * Refuses a gallery that is marked as ours but misses some of our tables: it is damaged, and is
   * not repaired behind the user's back.
   */
  static void requireTables(String gallery, List<String> expected, List<String> present) {
    if (!present.containsAll(expected)) {
      throw new FaceNetException(
          gallery + " is damaged: tables " + expected + " expected, found " + present);
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

  /**
   * What is wrong with a stored encoding, or null when nothing is: its bytes must be four per value
   * of the dimension it was stored with, that dimension the one its model and crop have ({@code
   * expected}, 0 when not known), and every value finite.
   */
  static String damage(int dimension, byte[] bytes, int expected, String model) {
    if (bytes == null) {
      return "it has no vector";
    }
    if (dimension < 1 || bytes.length != 4L * dimension) {
      return "its vector has "
          + bytes.length
          + " bytes where "
          + dimension
          + " values take "
          + 4L * dimension;
    }
    if (expected > 0 && dimension != expected) {
      return dimensionDamage(model, dimension, expected);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < dimension; i++) {
      float f = b.getFloat();
      if (!Float.isFinite(f)) {
        return "value " + (i + 1) + " of " + dimension + " is " + f;
      }
    }
    return null;
  }

  /** What is wrong with an encoding of {@code model} (model/crop) whose length is not the usual. */
  static String dimensionDamage(String model, int found, int usual) {
    return "it has " + found + " values where encodings of " + model + " have " + usual;
  }

  /** The message that reports a damaged encoding, the same wherever it is found. */
  static String damaged(long encodingId, String person, String what) {
    return "gallery damaged: encoding "
        + encodingId
        + " of "
        + person
        + " ("
        + what
        + "); 'facenet check' lists every problem and 'facenet check --repair' removes the damaged rows";
  }

  /**
   * Reads the stored vectors of one model and crop, checking each as it comes (inside {@link
   * #read}): its own length and values, and its dimension against the one its model makes when a
   * registered encoder has that name. For models not known here, against the first row's: when two
   * differ, the dimension most rows have tells which one is damaged.
   */
  final class Vectors {
    private final String model;
    private final String crop;
    private final int known;
    private int dimension;
    private long firstId;
    private long firstPersonId;

    Vectors(String model, String crop) {
      this.model = model;
      this.crop = crop;
      this.known = FaceEncoders.dimensionOf(model);
    }

    /**
     * The vector of an encoding row.
     *
     * @throws GalleryDamagedException when this row, or the first one read, is damaged
     */
    float[] read(long encodingId, long personId, int dimension, byte[] bytes) throws SQLException {
      String what = damage(dimension, bytes, known, model + "/" + crop);
      if (what != null) {
        throw damagedRow(encodingId, personId, what);
      }
      if (this.dimension == 0) {
        this.dimension = dimension;
        firstId = encodingId;
        firstPersonId = personId;
      } else if (dimension != this.dimension) {
        int usual = usualDimension(model, crop);
        if (dimension != usual) {
          throw damagedRow(
              encodingId, personId, dimensionDamage(model + "/" + crop, dimension, usual));
        }
        throw damagedRow(
            firstId, firstPersonId, dimensionDamage(model + "/" + crop, this.dimension, usual));
      }
      return toFloats(bytes);
    }
  }

  /** The report of a damaged row, naming its person. */
  final GalleryDamagedException damagedRow(long encodingId, long personId, String what)
      throws SQLException {
    return new GalleryDamagedException(damaged(encodingId, nameOf(personId), what));
  }

  /** The dimension most encodings of this model and crop have: the one the others must have. */
  final int usualDimension(String model, String crop) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT dimension FROM encoding WHERE model = ? AND crop = ?"
                + " GROUP BY dimension ORDER BY count(*) DESC, dimension LIMIT 1")) {
      p.setString(1, model);
      p.setString(2, crop);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getInt(1) : 0;
      }
    }
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
