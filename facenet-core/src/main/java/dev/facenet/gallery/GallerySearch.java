package dev.facenet.gallery;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Neighbour;
import dev.facenet.common.SearchMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search side of a gallery, shared by every store: for each model and crop an exact index and,
 * for large galleries, an approximate one, kept in a folder beside the store so that the next
 * process starts from them. Before each search the store's change counter is read; an index that
 * reflects another value is brought up to date first (rebuilt from the store), so a search never
 * answers from a stale index. The store's own changes are applied to open indexes at once.
 *
 * <p>Thread-safe.
 */
public final class GallerySearch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GallerySearch.class);

  private final IndexedStore store;
  private final Path folder;
  private final Map<Key, VectorIndex> open = new HashMap<>();

  /** The change counter each open index was last read or written at, to save only changed ones. */
  private final Map<Key, Long> saved = new HashMap<>();

  /** One index: a model and crop, searched one way. */
  private record Key(String model, String crop, SearchMode how) {
    /** The index's sub-folder. */
    String folder() {
      String safe = (model + "__" + crop).replaceAll("[^A-Za-z0-9._+-]", "_");
      return safe + (how == SearchMode.APPROXIMATE ? ".hnsw" : ".exact");
    }
  }

  /**
   * @param store the store the indexes are built from
   * @param folder where the indexes are kept, one sub-folder per model and crop; null keeps them in
   *     memory only
   */
  public GallerySearch(IndexedStore store, Path folder) {
    this.store = store;
    this.folder = folder;
  }

  /** See {@link Gallery#nearest(Embedding, int, double, SearchMode)}. */
  public List<Neighbour> nearest(Embedding query, int k, double maxDistance, SearchMode mode) {
    if (k <= 0) {
      throw new FaceNetException("the number of people to find must be positive, got " + k);
    }
    if (!(maxDistance >= 0)) {
      throw new FaceNetException("the largest distance must be a number >= 0, got " + maxDistance);
    }
    for (float v : query.values()) {
      if (!Float.isFinite(v)) {
        throw new FaceNetException("cannot search with an encoding that holds " + v);
      }
    }
    SearchMode how = mode.resolve(store.count(query.model(), query.crop()));
    VectorIndex index = upToDate(query, how);
    if (index == null) {
      return List.of();
    }
    List<Hit> hits = index.search(query.values(), k, maxDistance);
    Map<Long, String> names = store.names(hits.stream().map(Hit::personId).toList());
    List<Neighbour> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      String name = names.get(h.personId());
      if (name != null) { // removed by another process since the index caught up
        out.add(new Neighbour(name, h.distance()));
      }
    }
    return out;
  }

  /** The index of this query's model and crop for this search, at the store's change counter. */
  private synchronized VectorIndex upToDate(Embedding query, SearchMode how) {
    Key key = new Key(query.model(), query.crop(), how);
    long changes = store.changes();
    VectorIndex index = open.get(key);
    if (index != null && index.changes() == changes && index.dimension() == query.dimension()) {
      return index;
    }
    if (index != null) {
      index.close();
      open.remove(key);
    }
    Path at = folder == null ? null : folder.resolve(key.folder());
    index = at == null ? null : load(at, how, query.dimension(), changes);
    if (index == null) {
      if (store.count(query.model(), query.crop()) == 0) {
        return null;
      }
      index = build(query, how, at);
      index.setChanges(changes);
      if (at != null) {
        index.save(at);
      }
    }
    open.put(key, index);
    saved.put(key, changes);
    return index;
  }

  private VectorIndex load(Path at, SearchMode how, int dimension, long changes) {
    VectorIndex found = null;
    try {
      found =
          how == SearchMode.APPROXIMATE
              ? HnswIndex.load(at, dimension)
              : ExactIndex.load(at, dimension);
    } catch (IOException | RuntimeException e) {
      LOG.warn("the search index in {} cannot be read ({}); rebuilding it", at, e.getMessage());
      return null;
    }
    if (found != null && found.changes() != changes) {
      found.close(); // the store changed since: rebuilt below
      return null;
    }
    return found;
  }

  private VectorIndex build(Embedding query, SearchMode how, Path at) {
    if (how == SearchMode.APPROXIMATE) {
      return HnswIndex.build(store, query.model(), query.crop(), query.dimension());
    }
    return ExactIndex.build(store, query.model(), query.crop(), query.dimension());
  }

  /**
   * The store committed a change of its own that moved its counter from {@code before} to {@code
   * after}: open indexes that were at {@code before} apply it and move to {@code after}; the others
   * stay behind and are rebuilt on their next search.
   */
  public synchronized void changed(long before, long after, Consumer<Change> change) {
    for (Map.Entry<Key, VectorIndex> e : open.entrySet()) {
      VectorIndex index = e.getValue();
      if (index.changes() == before) {
        change.accept(new Change(e.getKey(), index));
        index.setChanges(after);
      }
    }
  }

  /** An open index being told of the store's own change. */
  public static final class Change {
    private final Key key;
    private final VectorIndex index;

    private Change(Key key, VectorIndex index) {
      this.key = key;
      this.index = index;
    }

    /** Adds an encoding, when it belongs to this index's model and crop. */
    public void added(String model, String crop, long encodingId, long personId, float[] vector) {
      if (key.model().equals(model)
          && key.crop().equals(crop)
          && vector.length == index.dimension()) {
        index.add(encodingId, personId, vector);
      }
    }

    /** Removes a person's encodings. */
    public void removed(long personId) {
      index.removePerson(personId);
    }
  }

  /**
   * How the saved indexes stand against the store's change counter, one line each, for a check: up
   * to date, or behind (rebuilt at the next search), or unreadable (also rebuilt). Reads only their
   * headers.
   */
  public List<String> states(long changes) {
    List<String> out = new ArrayList<>();
    if (folder == null || !Files.isDirectory(folder)) {
      out.add("no saved search index");
      return out;
    }
    try (Stream<Path> all = Files.list(folder)) {
      for (Path at : all.sorted().toList()) {
        String name = at.getFileName().toString();
        String state;
        try {
          OptionalLong saved =
              name.endsWith(".hnsw") ? HnswIndex.savedChanges(at) : ExactIndex.savedChanges(at);
          state =
              saved.isEmpty()
                  ? "empty"
                  : saved.getAsLong() == changes
                      ? "up to date"
                      : "behind the gallery (rebuilt at the next search)";
        } catch (IOException e) {
          state = "unreadable, " + e.getMessage() + " (rebuilt at the next search)";
        }
        out.add("search index " + name + ": " + state);
      }
    } catch (IOException e) {
      out.add("search indexes in " + folder + " cannot be listed: " + e.getMessage());
    }
    return out;
  }

  /**
   * After a person was removed: deletes the saved indexes this search has not open, which still
   * hold that person's vectors (they are rebuilt at their next search); the open ones have applied
   * the removal and are saved without them.
   */
  public synchronized void forgetSaved() {
    if (folder == null || !Files.isDirectory(folder)) {
      return;
    }
    Set<String> kept = new HashSet<>();
    open.keySet().forEach(k -> kept.add(k.folder()));
    try (Stream<Path> all = Files.list(folder)) {
      for (Path at : all.toList()) {
        if (!kept.contains(at.getFileName().toString())) {
          for (String file : new String[] {ExactIndex.FILE, HnswIndex.FILE}) {
            Files.deleteIfExists(at.resolve(file));
          }
        }
      }
    } catch (IOException e) {
      throw new FaceNetException(
          "a person was removed, but the saved search indexes in "
              + folder
              + " that still hold their encodings cannot be deleted: "
              + e.getMessage(),
          e);
    }
  }

  /** Writes the indexes changed since they were loaded, then frees them. */
  @Override
  public synchronized void close() {
    for (Map.Entry<Key, VectorIndex> e : open.entrySet()) {
      VectorIndex index = e.getValue();
      try {
        if (folder != null && index.changes() != saved.get(e.getKey())) {
          index.save(folder.resolve(e.getKey().folder()));
        }
      } catch (RuntimeException ex) {
        LOG.warn("the search index {} was not saved ({})", e.getKey(), ex.getMessage());
      } finally {
        index.close();
      }
    }
    open.clear();
    saved.clear();
  }
}
