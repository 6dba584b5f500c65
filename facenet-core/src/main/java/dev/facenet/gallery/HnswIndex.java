package dev.facenet.gallery;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;

/**
 * The approximate index: an HNSW graph (Apache Lucene) that finds the nearest people by visiting a
 * few thousand of the encodings instead of all of them, where the exact scan ({@link ExactIndex})
 * reads every row: its search time grows with the logarithm of the gallery's size, not with the
 * size. On face-like data it nearly always finds the same people as the scan; on structureless
 * random vectors it misses more ({@code scripts/bench-search.sh} measures both). The distances it
 * reports are exact, recomputed from the stored vectors.
 *
 * <p>Each encoding is one Lucene document: the vector, its encoding id and its person id. Lucene
 * keeps the index in memory ({@link #inMemory}) or in a folder ({@link #open}), and writes it as
 * one commit that also records the store's change counter it reflects ({@link #changes()}).
 *
 * <p>Thread-safe: searches run at once and never wait for changes (each reads a point-in-time view
 * of the index); {@link #add} and {@link #removePerson} may be called from any thread, and the next
 * search sees them.
 */
public final class HnswIndex implements VectorIndex {
  /**
   * How the graph is built and searched.
   *
   * @param maxConn neighbours per graph node (Lucene's maxConn; the bottom layer keeps twice as
   *     many)
   * @param beamWidth candidates kept while a node is inserted: a better graph for a slower build
   * @param candidates fewest candidates a search keeps (the HNSW "ef"); a search for k people keeps
   *     at least 4k
   */
  public record Graph(int maxConn, int beamWidth, int candidates) {
    /** See docs/BENCHMARKS.md and {@code scripts/bench-search.sh} for how these were chosen. */
    public static final Graph DEFAULT = new Graph(16, 100, 100);

    public Graph {
      if (maxConn <= 0 || beamWidth <= 0 || candidates <= 0) {
        throw new IllegalArgumentException(
            "graph parameters must be positive: " + maxConn + ", " + beamWidth + ", " + candidates);
      }
    }
  }

  /**
   * Indexing buffer: large enough that a bulk build of a million flushes a few large segments, each
   * with its own graph, rather than many small ones that merging would rebuild again.
   */
  private static final double RAM_BUFFER_MB = 512;

  private static final String VECTOR = "v";
  private static final String PERSON = "person";
  private static final String ENCODING = "encoding";
  private static final String CHANGES_KEY = "facenet.changes";
  private static final String DIMENSION_KEY = "facenet.dimension";

  private final int dimension;
  private final Graph graph;
  private final Directory directory;

  /** The folder of an index that lives on disk; null in memory. */
  private final Path folder;

  private final ExecutorService mergeWorkers;
  private final SnapshotDeletionPolicy snapshots;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private volatile long changes;

  /** Changes handed to the writer, and the number of them the open searcher is known to show. */
  private final AtomicLong written = new AtomicLong();

  private volatile long visible;
  private final Object refreshLock = new Object();

  private HnswIndex(
      int dimension, Graph graph, Directory directory, Path folder, IndexWriterConfig.OpenMode mode)
      throws IOException {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.graph = graph;
    this.directory = directory;
    this.folder = folder;
    AtomicInteger n = new AtomicInteger();
    this.mergeWorkers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "hnsw-merge-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      // On two cores, a merge that rebuilds a graph uses both: merges are what a bulk build waits
      // on.
      KnnVectorsFormat format =
          new Lucene99HnswVectorsFormat(graph.maxConn(), graph.beamWidth(), 2, mergeWorkers);
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setOpenMode(mode)
              .setCodec(
                  new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                      return format;
                    }
                  })
              .setRAMBufferSizeMB(RAM_BUFFER_MB)
              // Only save() persists: a close without it leaves the last saved state on disk, so
              // the change counter stored with a commit always describes its contents.
              .setCommitOnClose(false);
      this.snapshots = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
      config.setIndexDeletionPolicy(snapshots);
      ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler();
      merges.setMaxMergesAndThreads(2, 1);
      config.setMergeScheduler(merges);

      if (mode != IndexWriterConfig.OpenMode.CREATE && DirectoryReader.indexExists(directory)) {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String dim = data.get(DIMENSION_KEY);
        if (dim == null) {
          throw new IOException(where() + " is not a face search index");
        }
        if (Integer.parseInt(dim) != dimension) {
          throw new IOException(where() + " holds vectors of " + dim + " values, not " + dimension);
        }
        this.changes = Long.parseLong(data.getOrDefault(CHANGES_KEY, "0"));
      }
      this.writer = new IndexWriter(directory, config);
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException | RuntimeException e) {
      mergeWorkers.shutdownNow();
      directory.close();
      throw e;
    }
  }

  /** An empty index kept in memory (the Java heap). */
  public static HnswIndex inMemory(int dimension) {
    return inMemory(dimension, Graph.DEFAULT);
  }

  /** An empty index kept in memory, its graph built and searched this way. */
  public static HnswIndex inMemory(int dimension, Graph graph) {
    try {
      return new HnswIndex(
          dimension, graph, new ByteBuffersDirectory(), null, IndexWriterConfig.OpenMode.CREATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The index in {@code folder}, created (empty) when there is none; {@link #save} on this folder
   * then commits in place. Refuses an index of another dimension.
   */
  public static HnswIndex open(Path folder, int dimension) {
    return open(folder, dimension, Graph.DEFAULT);
  }

  /**
   * As {@link #open(Path, int)}, the graph built and searched this way (a graph already saved keeps
   * the links it has; new ones follow these parameters).
   */
  public static HnswIndex open(Path folder, int dimension, Graph graph) {
    try {
      Files.createDirectories(folder);
      return new HnswIndex(
          dimension,
          graph,
          FSDirectory.open(folder),
          folder,
          IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    } catch (IOException e) {
      throw new FaceNetException("cannot open the search index in " + folder + ": " + e, e);
    }
  }

  /**
   * The index saved in {@code folder}, read into memory, or null when there is none. An index that
   * cannot be read or holds vectors of another dimension is reported as an exception, so the caller
   * rebuilds it.
   *
   * <p>The copy is what lets several processes share one gallery: none of them holds Lucene's write
   * lock on the folder, and {@link #save} replaces the folder whole, so a reader sees either the
   * old index or the new one.
   */
  public static HnswIndex load(Path folder, int dimension) throws IOException {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    ByteBuffersDirectory memory = new ByteBuffersDirectory();
    try (FSDirectory dir = FSDirectory.open(folder)) {
      if (!DirectoryReader.indexExists(dir)) {
        return null;
      }
      for (String file : SegmentInfos.readLatestCommit(dir).files(true)) {
        memory.copyFrom(dir, file, file, IOContext.READONCE);
      }
    } catch (IOException | RuntimeException e) {
      memory.close();
      throw e;
    }
    return new HnswIndex(dimension, Graph.DEFAULT, memory, null, IndexWriterConfig.OpenMode.APPEND);
  }

  /**
   * An index of every encoding of a model and crop in a store, built in memory ({@link #bulk});
   * {@link #save} writes it to a folder.
   */
  public static HnswIndex build(IndexedStore store, String model, String crop, int dimension) {
    return bulk(dimension, sink -> store.scan(model, crop, sink));
  }

  /** Galleries up to this size are merged into one graph after a bulk build. */
  static final int MERGE_BELOW = 300_000;

  /**
   * An in-memory index of the rows {@code producer} hands to its sink, inserted by two threads:
   * Lucene builds one graph per indexing thread, so both cores insert at once. A small index is
   * then merged into one graph (one graph to search); a large one keeps its few segments, since
   * merging would insert most of it a second time and a search visits a few graphs in milliseconds
   * anyway.
   */
  public static HnswIndex bulk(int dimension, Consumer<IndexedStore.Row> producer) {
    HnswIndex index = inMemory(dimension);
    try {
      index.addInParallel(producer);
      if (index.size() < MERGE_BELOW) {
        index.optimize();
      }
      return index;
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  private void addInParallel(Consumer<IndexedStore.Row> producer) {
    record Item(long encodingId, long personId, float[] vector) {}
    Item end = new Item(-1, -1, null);
    BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4096);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (Item item = queue.take(); item != end; item = queue.take()) {
                    if (failure.get() == null) {
                      add(item.encodingId(), item.personId(), item.vector());
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "hnsw-insert-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    try {
      producer.accept(
          (encodingId, personId, vector) -> {
            if (failure.get() != null) {
              return; // a worker failed: the rest is drained below and the failure reported
            }
            put(queue, new Item(encodingId, personId, vector));
          });
    } finally {
      for (int t = 0; t < workers.size(); t++) {
        put(queue, end);
      }
      for (Thread worker : workers) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FaceNetException("interrupted while building the search index", e);
        }
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> void put(BlockingQueue<T> queue, T item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while building the search index", e);
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public long size() {
    return withSearcher(s -> (long) s.getIndexReader().numDocs());
  }

  @Override
  public long changes() {
    return changes;
  }

  @Override
  public void setChanges(long changes) {
    this.changes = changes;
  }

  @Override
  public void add(long encodingId, long personId, float[] vector) {
    check(vector, "add");
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.EUCLIDEAN));
    doc.add(new LongPoint(PERSON, personId));
    doc.add(new NumericDocValuesField(PERSON, personId));
    doc.add(new NumericDocValuesField(ENCODING, encodingId));
    try {
      writer.addDocument(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.incrementAndGet();
  }

  @Override
  public void removePerson(long personId) {
    try {
      writer.deleteDocuments(LongPoint.newExactQuery(PERSON, personId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.incrementAndGet();
  }

  /**
   * Merges the index into one segment: a search visits one graph per segment, so after a bulk build
   * this makes searches several times faster. Costs a rebuild of all but the largest graph.
   */
  public void optimize() {
    try {
      writer.forceMerge(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.incrementAndGet();
  }

  /** Segments a search visits (each holds one graph). */
  public int segments() {
    return withSearcher(s -> s.getIndexReader().leaves().size());
  }

  @Override
  public List<Hit> search(float[] query, int k, double maxDistance) {
    return search(query, k, maxDistance, graph.candidates());
  }

  /**
   * As {@link #search(float[], int, double)}, keeping at least {@code candidates} candidates
   * instead of {@link Graph#candidates()}: more finds the true nearest more often, and takes
   * longer.
   */
  public List<Hit> search(float[] query, int k, double maxDistance, int candidates) {
    check(query, "search with");
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (candidates <= 0) {
      throw new IllegalArgumentException("candidates must be positive, got " + candidates);
    }
    return withSearcher(s -> search(s, query, k, maxDistance, candidates));
  }

  private static List<Hit> search(
      IndexSearcher searcher, float[] query, int k, double maxDistance, int candidates)
      throws IOException {
    int total = searcher.getIndexReader().numDocs();
    if (total == 0) {
      return List.of();
    }
    // A person may own several of the nearest encodings: ask for more encodings than people, and
    // for more again until k people are found, the rest is beyond maxDistance, or all were seen.
    int wanted = (int) Math.min(Math.max(4L * k, candidates), total);
    while (true) {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, wanted), wanted);
      Map<Long, Double> nearest = exactDistances(searcher, top.scoreDocs, query);
      double farthest = 0;
      for (double d : nearest.values()) {
        farthest = Math.max(farthest, d);
      }
      if (nearest.size() >= k
          || top.scoreDocs.length < wanted
          || wanted >= total
          || farthest > maxDistance) {
        return nearestPeople(nearest, k, maxDistance);
      }
      wanted = (int) Math.min(4L * wanted, total);
    }
  }

  /** Each person among these documents with the exact distance of their closest one. */
  private static Map<Long, Double> exactDistances(
      IndexSearcher searcher, ScoreDoc[] hits, float[] query) throws IOException {
    int[] docs = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = hits[i].doc;
    }
    // The per-segment readers only move forward: visit the documents in order.
    Arrays.sort(docs);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Map<Long, Double> nearest = new HashMap<>();
    int leafIndex = -1;
    LeafReaderContext leaf = null;
    FloatVectorValues vectors = null;
    NumericDocValues persons = null;
    for (int doc : docs) {
      int at = ReaderUtil.subIndex(doc, leaves);
      if (at != leafIndex) {
        leafIndex = at;
        leaf = leaves.get(at);
        vectors = leaf.reader().getFloatVectorValues(VECTOR);
        persons = leaf.reader().getNumericDocValues(PERSON);
      }
      int local = doc - leaf.docBase;
      if (vectors.docID() < local) {
        vectors.advance(local);
      }
      if (vectors.docID() != local || !persons.advanceExact(local)) {
        throw new IllegalStateException("search index document " + doc + " is incomplete");
      }
      // as the exact index and a brute force measure it
      double d = Embedding.distance(query, vectors.vectorValue());
      nearest.merge(persons.longValue(), d, Math::min);
    }
    return nearest;
  }

  private static List<Hit> nearestPeople(Map<Long, Double> nearest, int k, double maxDistance) {
    List<Hit> out = new ArrayList<>();
    for (Map.Entry<Long, Double> e : nearest.entrySet()) {
      if (e.getValue() <= maxDistance) {
        out.add(new Hit(e.getKey(), e.getValue()));
      }
    }
    out.sort(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::personId));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  @Override
  public void save(Path folder) {
    try {
      writer.setLiveCommitData(
          Map.of(CHANGES_KEY, Long.toString(changes), DIMENSION_KEY, Integer.toString(dimension))
              .entrySet());
      writer.commit();
      if (this.folder != null && sameFolder(this.folder, folder)) {
        return;
      }
      copyTo(folder);
    } catch (IOException e) {
      throw new FaceNetException("cannot write the search index in " + folder + ": " + e, e);
    }
  }

  /**
   * Copies the last commit into a new folder beside {@code target}, then puts it in the target's
   * place, so a reader of the target never sees half an index.
   */
  private void copyTo(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path fresh = Files.createTempDirectory(parent, target.getFileName() + ".new-");
    IndexCommit commit = snapshots.snapshot();
    try (FSDirectory out = FSDirectory.open(fresh)) {
      for (String file : commit.getFileNames()) {
        out.copyFrom(directory, file, file, IOContext.DEFAULT);
      }
      out.sync(commit.getFileNames());
      out.syncMetaData();
    } catch (IOException | RuntimeException e) {
      deleteTree(fresh);
      throw e;
    } finally {
      snapshots.release(commit);
      writer.deleteUnusedFiles();
    }
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(parent, target.getFileName() + ".old-");
      Files.delete(old);
      Files.move(target, old);
    }
    Files.move(fresh, target);
    if (old != null) {
      deleteTree(old);
    }
  }

  private static boolean sameFolder(Path a, Path b) throws IOException {
    if (!Files.exists(b)) {
      return false;
    }
    return Files.isSameFile(a, b);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException e) {
          // already gone
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      mergeWorkers.shutdownNow();
      try {
        directory.close();
      } catch (IOException e) {
        // the writer released everything it held; nothing left to report
      }
    }
  }

  private interface SearcherTask<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  /** Runs a task on a searcher that shows every change made before this call. */
  private <T> T withSearcher(SearcherTask<T> task) {
    try {
      long want = written.get();
      if (visible < want) {
        synchronized (refreshLock) {
          if (visible < want) {
            // Read before refreshing: whatever the refresh shows includes at least these changes.
            long now = written.get();
            searchers.maybeRefreshBlocking();
            visible = now;
          }
        }
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        return task.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void check(float[] vector, String what) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "cannot "
              + what
              + " a vector of "
              + vector.length
              + " values: this index holds vectors of "
              + dimension);
    }
    for (float v : vector) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("cannot " + what + " a vector that holds " + v);
      }
    }
  }

  private String where() {
    return folder == null ? "the index" : folder.toString();
  }
}
