package dev.facenet.gallery;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approximate index: an HNSW graph that finds the nearest people by visiting a few thousand of
 * the encodings instead of all of them, where the exact scan ({@link ExactIndex}) reads every row:
 * its search time grows with the logarithm of the gallery's size, not with the size. On face-like
 * data it nearly always finds the same people as the scan; on structureless random vectors it
 * misses more ({@code scripts/bench-search.sh} measures both). The distances it reports are exact,
 * recomputed from the stored vectors.
 *
 * <p>The graph is Apache Lucene's ({@code org.apache.lucene.util.hnsw}: its builder, its concurrent
 * builder and its searcher), used without an index writer: a gallery's graph is one graph over all
 * its encodings, built on every core at once, where Lucene's indexing makes one graph per segment
 * and rebuilds them when it merges segments (at a million encodings that took 20 minutes and left
 * searches visiting several graphs). The vectors, ids and graph links are saved into one file of
 * our own ({@link #save}), read back whole ({@link #load}).
 *
 * <p>Removed encodings stay in the graph as waypoints but are never answers; when they outnumber
 * the live ones the graph is rebuilt without them.
 *
 * <p>Thread-safe: searches run at once; {@link #add} and {@link #removePerson} wait for running
 * searches, and the next search sees them.
 */
public final class HnswIndex implements VectorIndex {
  private static final Logger LOG = LoggerFactory.getLogger(HnswIndex.class);

  /**
   * How the graph is built and searched.
   *
   * @param maxConn neighbours per graph node (Lucene's maxConn; the bottom layer keeps twice as
   *     many)
   * @param beamWidth candidates kept while a node is inserted: a better graph for a slower build
   * @param candidates fewest candidates a search keeps (the HNSW "ef"); a search for k people keeps
   *     at least 4k
   * @param axes how many principal coordinates of each encoding the graph measures, once a bulk
   *     build holds {@link #PROJECT_FROM} encodings or more (0: all of its values, always)
   */
  public record Graph(int maxConn, int beamWidth, int candidates, int axes) {
    /** See docs/BENCHMARKS.md and {@code scripts/bench-search.sh} for how these were chosen. */
    public static final Graph DEFAULT = new Graph(16, 100, 100, 32);

    public Graph {
      if (maxConn <= 0 || beamWidth <= 0 || candidates <= 0 || axes < 0) {
        throw new IllegalArgumentException(
            "graph parameters must be positive: "
                + maxConn
                + ", "
                + beamWidth
                + ", "
                + candidates
                + ", "
                + axes);
      }
    }
  }

  /**
   * Bulk builds of this many encodings and more link the graph by the encodings' first {@link
   * Graph#axes} principal coordinates instead of all their values: on face-like data these hold
   * most of every distance, and a graph search reads a quarter of the memory and does a quarter of
   * the arithmetic. The answer is then re-ranked by the exact distances of everything the search
   * kept. Smaller galleries search in about a millisecond on their full vectors anyway.
   */
  public static final int PROJECT_FROM = 50_000;

  private static final int FIT_SAMPLE = 20_000;

  /** The file inside an index's folder. */
  static final String FILE = "hnsw.idx";

  private static final int MAGIC = 0x464e4857;
  private static final int VERSION = 2;

  /** A graph this small is built by one thread: handing out work would cost more than it saves. */
  private static final int ONE_THREAD_BELOW = 4_096;

  /** Removed encodings are dropped from the graph once there are this many and more than live. */
  private static final int REBUILD_FROM = 1_024;

  private final int dimension;
  private final Graph graph;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Guarded by lock. Row i of the arrays is node i of the graph.
  private float[][] vectors = new float[0][];

  /**
   * What the graph measures of each row: the row itself, or its coordinates along {@link #axes}.
   */
  private float[][] keys = new float[0][];

  /** The principal axes the graph's keys are taken along; null while the keys are the rows. */
  private PrincipalAxes axes;

  private long[] encodingIds = new long[0];
  private long[] personIds = new long[0];
  private int nodes;
  private final BitSet removed = new BitSet();
  private int removedCount;
  private OnHeapHnswGraph hnsw;

  /** Inserts nodes one at a time into {@link #hnsw}; never finished, so it accepts more. */
  private HnswGraphBuilder inserter;

  private volatile long changes;

  private HnswIndex(int dimension, Graph graph) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.graph = graph;
    newGraph();
  }

  /** An empty index kept in memory (the Java heap). */
  public static HnswIndex inMemory(int dimension) {
    return inMemory(dimension, Graph.DEFAULT);
  }

  /** An empty index kept in memory, its graph built and searched this way. */
  public static HnswIndex inMemory(int dimension, Graph graph) {
    return new HnswIndex(dimension, graph);
  }

  /**
   * An index of every encoding of a model and crop in a store, built in memory ({@link #bulk});
   * {@link #save} writes it to a folder.
   */
  public static HnswIndex build(IndexedStore store, String model, String crop, int dimension) {
    return bulk(dimension, sink -> store.scan(model, crop, sink));
  }

  /**
   * An in-memory index of the rows {@code producer} hands to its sink (which keeps the arrays it is
   * given), their graph built by one thread per core once all rows are in.
   */
  public static HnswIndex bulk(int dimension, Consumer<IndexedStore.Row> producer) {
    return bulk(dimension, Graph.DEFAULT, producer);
  }

  /** As {@link #bulk(int, Consumer)}, the graph built and searched this way. */
  public static HnswIndex bulk(int dimension, Graph graph, Consumer<IndexedStore.Row> producer) {
    return bulk(dimension, graph, PROJECT_FROM, producer);
  }

  /** As {@link #bulk(int, Graph, Consumer)}, projecting from {@code projectFrom} encodings on. */
  static HnswIndex bulk(
      int dimension, Graph graph, int projectFrom, Consumer<IndexedStore.Row> producer) {
    HnswIndex index = new HnswIndex(dimension, graph);
    producer.accept(
        (encodingId, personId, vector) -> {
          index.check(vector, "add");
          index.append(encodingId, personId, vector);
        });
    long start = System.nanoTime();
    if (index.nodes >= projectFrom && graph.axes() > 0 && graph.axes() < dimension) {
      index.project(index.fitAxes());
    }
    index.connectAll(Runtime.getRuntime().availableProcessors());
    if (index.nodes >= 100_000) {
      LOG.info(
          "built the search graph of {} encodings in {} s",
          index.nodes,
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }
    return index;
  }

  /** The principal axes of (an even sample of) the rows. */
  private PrincipalAxes fitAxes() {
    int step = Math.max(1, nodes / FIT_SAMPLE);
    int sampled = (nodes + step - 1) / step;
    float[] sample = new float[sampled * dimension];
    for (int j = 0; j < sampled; j++) {
      System.arraycopy(vectors[j * step], 0, sample, j * dimension, dimension);
    }
    return PrincipalAxes.fit(sample, sampled, dimension, sampled, graph.axes());
  }

  /** From now on the graph measures the rows along these axes: every row's key is made anew. */
  private void project(PrincipalAxes along) {
    axes = along;
    IntStream.range(0, nodes).parallel().forEach(i -> keys[i] = key(vectors[i]));
  }

  /** What the graph measures of a vector. */
  private float[] key(float[] vector) {
    if (axes == null) {
      return vector;
    }
    return axes.project(vector);
  }

  /** Starts an empty graph over the rows' keys, and the builder that inserts into it. */
  private void newGraph() {
    try {
      inserter =
          HnswGraphBuilder.create(
              new Scorers(), graph.maxConn(), graph.beamWidth(), 42L + nodes); // a growable graph
      hnsw = inserter.getGraph();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Links every row into a new graph, with this many threads. */
  private void connectAll(int threads) {
    newGraph();
    if (nodes == 0) {
      return;
    }
    try {
      if (threads <= 1 || nodes < ONE_THREAD_BELOW) {
        for (int i = 0; i < nodes; i++) {
          inserter.addGraphNode(i);
        }
        return;
      }
      // The last node first: the graph's node table grows to its final size now, so the workers
      // below never resize it while they insert at once.
      inserter.addGraphNode(nodes - 1);
      FixedBitSet done = new FixedBitSet(nodes);
      done.set(nodes - 1);
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "hnsw-build-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        new HnswConcurrentMergeBuilder(
                new TaskExecutor(pool),
                threads,
                new Scorers(),
                graph.maxConn(),
                graph.beamWidth(),
                hnsw,
                done)
            .build(nodes);
      } finally {
        pool.shutdownNow();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a row to the arrays (not to the graph); the caller holds the write lock or owns this. */
  private int append(long encodingId, long personId, float[] vector) {
    if (nodes == vectors.length) {
      int capacity = Math.max(16, nodes + (nodes >> 1));
      vectors = Arrays.copyOf(vectors, capacity);
      keys = Arrays.copyOf(keys, capacity);
      encodingIds = Arrays.copyOf(encodingIds, capacity);
      personIds = Arrays.copyOf(personIds, capacity);
    }
    vectors[nodes] = vector;
    keys[nodes] = key(vector);
    encodingIds[nodes] = encodingId;
    personIds[nodes] = personId;
    return nodes++;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return nodes - removedCount;
    } finally {
      lock.readLock().unlock();
    }
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
    lock.writeLock().lock();
    try {
      int node = append(encodingId, personId, vector.clone());
      inserter.addGraphNode(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void removePerson(long personId) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < nodes; i++) {
        if (personIds[i] == personId && !removed.get(i)) {
          removed.set(i);
          removedCount++;
          // searches never read a removed row's vector (only its key guides the walk), so it is
          // dropped for zeros (a new array: the old one may be the caller's): the saved index
          // keeps no trace of a removed person's face
          vectors[i] = new float[dimension];
        }
      }
      if (removedCount >= REBUILD_FROM && 2 * removedCount > nodes) {
        dropRemoved();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Rebuilds the graph from the live rows only. */
  private void dropRemoved() {
    int live = 0;
    for (int i = 0; i < nodes; i++) {
      if (!removed.get(i)) {
        vectors[live] = vectors[i];
        keys[live] = keys[i];
        encodingIds[live] = encodingIds[i];
        personIds[live] = personIds[i];
        live++;
      }
    }
    Arrays.fill(vectors, live, nodes, null);
    Arrays.fill(keys, live, nodes, null);
    nodes = live;
    removed.clear();
    removedCount = 0;
    connectAll(Runtime.getRuntime().availableProcessors());
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
    lock.readLock().lock();
    try {
      int live = nodes - removedCount;
      if (live == 0) {
        return List.of();
      }
      Bits accept = removedCount == 0 ? null : new Live(removed, nodes);
      // A person may own several of the nearest encodings: ask for more encodings than people, and
      // for more again until k people are found, the rest is beyond maxDistance, or all were seen.
      int wanted = (int) Math.min(Math.max(4L * k, candidates), live);
      while (true) {
        TopKnnCollector top = new TopKnnCollector(wanted, Integer.MAX_VALUE);
        HnswGraphSearcher.search(new Scorer(key(query)), top, new Reading(hnsw), accept);
        ScoreDoc[] found = top.topDocs().scoreDocs;
        Map<Long, Double> nearest = new HashMap<>();
        double farthest = 0;
        for (ScoreDoc hit : found) {
          // as the exact index and a brute force measure it
          double d = Embedding.distance(query, vectors[hit.doc]);
          nearest.merge(personIds[hit.doc], d, Math::min);
          farthest = Math.max(farthest, d);
        }
        if (nearest.size() >= k
            || found.length < wanted
            || wanted >= live
            || farthest > maxDistance) {
          return nearestPeople(nearest, k, maxDistance);
        }
        wanted = (int) Math.min(4L * wanted, live);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.readLock().unlock();
    }
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

  /**
   * Writes the index to {@code folder}/{@value #FILE}, whole or not at all: the rows (removed ones
   * too, since the graph still passes through them), then each level's links, top level first, in
   * the order a reader must add them back.
   */
  @Override
  public void save(Path folder) {
    lock.readLock().lock();
    try {
      Files.createDirectories(folder);
      AtomicFile.write(
          folder.resolve(FILE),
          stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dimension);
            out.writeInt(graph.maxConn());
            out.writeInt(graph.beamWidth());
            out.writeLong(changes);
            out.writeInt(nodes);
            out.writeInt(removedCount);
            out.writeInt(axes == null ? 0 : axes.basis().length / dimension);
            if (axes != null) {
              FloatFiles.write(out, axes.basis(), 0, axes.basis().length);
              FloatFiles.write(out, axes.mean(), 0, axes.mean().length);
            }
            for (int i = 0; i < nodes; i++) {
              out.writeLong(encodingIds[i]);
              out.writeLong(personIds[i]);
            }
            for (int i = removed.nextSetBit(0); i >= 0; i = removed.nextSetBit(i + 1)) {
              out.writeInt(i);
            }
            ByteBuffer row = ByteBuffer.allocate(4 * dimension);
            for (int i = 0; i < nodes; i++) {
              row.clear();
              row.asFloatBuffer().put(vectors[i]);
              out.write(row.array());
            }
            int levels = nodes == 0 ? 0 : hnsw.numLevels();
            out.writeInt(levels);
            out.writeInt(nodes == 0 ? -1 : hnsw.entryNode());
            for (int level = levels - 1; level >= 0; level--) {
              HnswGraph.NodesIterator on = hnsw.getNodesOnLevel(level);
              out.writeInt(on.size());
              while (on.hasNext()) {
                int node = on.nextInt();
                NeighborArray links = hnsw.getNeighbors(level, node);
                out.writeInt(node);
                out.writeInt(links.size());
                for (int j = 0; j < links.size(); j++) {
                  out.writeInt(links.nodes()[j]);
                  out.writeFloat(links.getScores(j));
                }
              }
            }
            out.flush();
          });
    } catch (IOException e) {
      throw new FaceNetException("cannot write the search index in " + folder + ": " + e, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The index saved in {@code folder}, read into memory, or null when there is none. A file that is
   * cut short, damaged, of another version or of another dimension is reported as an exception, so
   * the caller rebuilds it. Saving replaces the file whole, so several processes may read and write
   * one folder.
   */
  /**
   * The change counter an index saved in {@code folder} was written at, read from its header alone;
   * empty when there is none.
   *
   * @throws IOException when the file is not an index of this version
   */
  static java.util.OptionalLong savedChanges(Path folder) throws IOException {
    // magic, version, dimension, connections, beam width, then the counter
    return VectorIndex.headerChanges(folder.resolve(FILE), MAGIC, VERSION, 12);
  }

  public static HnswIndex load(Path folder, int dimension) throws IOException {
    Path file = folder.resolve(FILE);
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a search index of this version");
      }
      int dim = in.readInt();
      if (dim != dimension) {
        throw new IOException(file + " holds vectors of " + dim + " values, not " + dimension);
      }
      int maxConn = in.readInt();
      int beamWidth = in.readInt();
      long changes = in.readLong();
      int count = in.readInt();
      int removedCount = in.readInt();
      int m = in.readInt();
      if (count < 0 || removedCount < 0 || removedCount > count || m < 0 || m > dimension) {
        throw new IOException(
            file + " is damaged: " + count + " rows, " + removedCount + " gone, " + m + " axes");
      }
      HnswIndex index =
          new HnswIndex(
              dimension, new Graph(maxConn, beamWidth, Graph.DEFAULT.candidates(), m == 0 ? 0 : m));
      index.changes = changes;
      PrincipalAxes along =
          m == 0
              ? null
              : new PrincipalAxes(
                  readFloats(in, m * dimension, file), readFloats(in, dimension, file));
      long[] ids = new long[2 * count];
      for (int i = 0; i < 2 * count; i++) {
        ids[i] = in.readLong();
      }
      for (int i = 0; i < removedCount; i++) {
        index.removed.set(node(in.readInt(), count, file));
      }
      index.removedCount = index.removed.cardinality();
      byte[] row = new byte[4 * dimension];
      for (int i = 0; i < count; i++) {
        in.readFully(row);
        float[] v = new float[dimension];
        ByteBuffer.wrap(row).asFloatBuffer().get(v);
        for (float x : v) {
          if (!Float.isFinite(x)) {
            throw new IOException(file + " is damaged: a vector holds " + x);
          }
        }
        index.append(ids[2 * i], ids[2 * i + 1], v);
      }
      if (along != null) {
        index.project(along);
      }
      index.readLinks(in, file);
      if (in.read() != -1) {
        throw new IOException(file + " is damaged: it goes on after its graph");
      }
      return index;
    } catch (EOFException e) {
      throw new IOException(file + " is cut short", e);
    }
  }

  private static float[] readFloats(DataInputStream in, int count, Path file) throws IOException {
    float[] out = new float[count];
    FloatFiles.read(in, out, 0, count);
    for (float x : out) {
      if (!Float.isFinite(x)) {
        throw new IOException(file + " is damaged: it holds " + x);
      }
    }
    return out;
  }

  /** Reads the graph's links back into a new graph, top level first as they were written. */
  private void readLinks(DataInputStream in, Path file) throws IOException {
    int levels = in.readInt();
    int entry = in.readInt();
    if (nodes == 0) {
      if (levels != 0) {
        throw new IOException(file + " is damaged: a graph without rows");
      }
      return;
    }
    if (levels <= 0 || levels > 64) {
      throw new IOException(file + " is damaged: " + levels + " levels");
    }
    node(entry, nodes, file);
    int maxLinks = 2 * graph.maxConn() + 1;
    int[] order = new int[maxLinks];
    int[] links = new int[maxLinks];
    float[] scores = new float[maxLinks];
    for (int level = levels - 1; level >= 0; level--) {
      int onLevel = in.readInt();
      if (onLevel < 0 || onLevel > nodes || (level == 0 && onLevel != nodes)) {
        throw new IOException(file + " is damaged: " + onLevel + " nodes on level " + level);
      }
      for (int j = 0; j < onLevel; j++) {
        int node = node(in.readInt(), nodes, file);
        int size = in.readInt();
        if (size < 0 || size > maxLinks) {
          throw new IOException(file + " is damaged: node " + node + " has " + size + " links");
        }
        for (int l = 0; l < size; l++) {
          links[l] = node(in.readInt(), nodes, file);
          scores[l] = in.readFloat();
          if (!(scores[l] >= 0)) {
            throw new IOException(file + " is damaged: a link scores " + scores[l]);
          }
        }
        hnsw.addNode(level, node);
        // nearest first, as the builder keeps them
        Integer[] byScore = new Integer[size];
        for (int l = 0; l < size; l++) {
          byScore[l] = l;
        }
        Arrays.sort(byScore, (a, b) -> Float.compare(scores[b], scores[a]));
        for (int l = 0; l < size; l++) {
          order[l] = byScore[l];
        }
        NeighborArray neighbours = hnsw.getNeighbors(level, node);
        for (int l = 0; l < size; l++) {
          neighbours.addInOrder(links[order[l]], scores[order[l]]);
        }
      }
    }
    if (hnsw.size() != nodes || !hnsw.trySetNewEntryNode(entry, levels - 1)) {
      throw new IOException(file + " is damaged: its graph does not hold every row");
    }
  }

  private static int node(int node, int nodes, Path file) throws IOException {
    if (node < 0 || node >= nodes) {
      throw new IOException(file + " is damaged: node " + node + " of " + nodes);
    }
    return node;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      vectors = new float[0][];
      keys = new float[0][];
      axes = null;
      encodingIds = new long[0];
      personIds = new long[0];
      nodes = 0;
      removed.clear();
      removedCount = 0;
      newGraph();
    } finally {
      lock.writeLock().unlock();
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

  /**
   * Lucene's Euclidean score, 1 / (1 + squared distance): larger is nearer. Four running sums let
   * the JIT keep the loop in vector registers.
   */
  private static float score(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      float d2 = a[i + 2] - b[i + 2];
      float d3 = a[i + 3] - b[i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < a.length; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return 1 / (1 + (s0 + s1) + (s2 + s3));
  }

  /** Scores the rows against one vector: a query, or a row being inserted. */
  private final class Scorer implements RandomVectorScorer {
    private final float[] from;

    Scorer(float[] from) {
      this.from = from;
    }

    @Override
    public float score(int node) {
      return HnswIndex.score(from, keys[node]);
    }

    @Override
    public int maxOrd() {
      return nodes;
    }
  }

  /** Lucene's view of the rows as the builder needs it; it holds no state of its own to copy. */
  private final class Scorers implements RandomVectorScorerSupplier {
    @Override
    public RandomVectorScorer scorer(int node) {
      return new Scorer(keys[node]);
    }

    @Override
    public RandomVectorScorerSupplier copy() {
      return this;
    }
  }

  /**
   * The graph as one search reads it. A graph object carries a single cursor over its links, so
   * searches running at once each read through their own.
   */
  private static final class Reading extends HnswGraph {
    private final OnHeapHnswGraph graph;
    private NeighborArray links;
    private int next;

    Reading(OnHeapHnswGraph graph) {
      this.graph = graph;
    }

    @Override
    public void seek(int level, int node) {
      links = graph.getNeighbors(level, node);
      next = 0;
    }

    @Override
    public int nextNeighbor() {
      return next < links.size() ? links.nodes()[next++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int size() {
      return graph.size();
    }

    @Override
    public int maxNodeId() {
      return graph.maxNodeId();
    }

    @Override
    public int numLevels() {
      return graph.numLevels();
    }

    @Override
    public int entryNode() {
      return graph.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return graph.getNodesOnLevel(level);
    }
  }

  /** The rows a search may answer with: those not removed. */
  private record Live(BitSet removed, int length) implements Bits {
    @Override
    public boolean get(int index) {
      return !removed.get(index);
    }
  }
}
