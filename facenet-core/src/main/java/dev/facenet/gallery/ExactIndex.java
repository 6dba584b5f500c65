package dev.facenet.gallery;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * Every encoding compared with the query, fast enough for a million: the vectors sit in one
 * contiguous array, and a first pass reads them as one byte per value (a quarter of the memory
 * traffic of floats) on all cores. That pass is only a filter and never decides the answer: each
 * row keeps how far its bytes are from its floats, which bounds how wrong the byte distance can be
 * (the triangle inequality), so every row that could still be among the k nearest people is
 * measured again in floats with {@link Embedding#distance(float[], float[])}, exactly as a brute
 * force would. The answer equals a float brute force, ties broken by person id.
 *
 * <p>Thread-safe: searches run at once; adding and removing wait for running searches.
 */
public final class ExactIndex implements VectorIndex {
  private static final int MAGIC = 0x46435849; // "FCXI"
  private static final int VERSION = 1;
  static final String FILE = "exact.idx";

  /** Rows per task of the byte pass: large enough that splitting costs nothing. */
  private static final int CHUNK = 16_384;

  private final int dimension;
  private final float scale;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private int rows;
  private float[] vectors = new float[0];
  private byte[] codes = new byte[0];
  private float[] error = new float[0];
  private long[] encodingIds = new long[0];
  private int[] owner = new int[0];
  private final BitSet dead = new BitSet();
  private int deadRows;

  private long[] personIds = new long[0];
  private final Map<Long, Integer> personIndex = new HashMap<>();
  private long changes;

  /**
   * An empty index.
   *
   * @param scale the value one byte step stands for; values beyond 127 steps are clamped (still
   *     exact, only slower). {@link #scaleFor} picks it from the data.
   */
  public ExactIndex(int dimension, float scale) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive number, got " + scale);
    }
    this.dimension = dimension;
    this.scale = scale;
  }

  /** The byte step that covers values up to {@code maxAbs} (face encodings stay under 1). */
  public static float scaleFor(double maxAbs) {
    double m = maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1.0;
    return (float) (m / 127.0);
  }

  /** Builds an index of every encoding of a model and crop in a store. */
  public static ExactIndex build(IndexedStore store, String model, String crop, int dimension) {
    List<float[]> vs = new ArrayList<>();
    List<long[]> ids = new ArrayList<>();
    double[] max = {0};
    store.scan(
        model,
        crop,
        (encodingId, personId, v) -> {
          vs.add(v);
          ids.add(new long[] {encodingId, personId});
          for (float x : v) {
            max[0] = Math.max(max[0], Math.abs(x));
          }
        });
    ExactIndex index = new ExactIndex(dimension, scaleFor(max[0]));
    index.reserve(vs.size());
    for (int i = 0; i < vs.size(); i++) {
      index.add(ids.get(i)[0], ids.get(i)[1], vs.get(i));
    }
    return index;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return rows - deadRows;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long changes() {
    lock.readLock().lock();
    try {
      return changes;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void setChanges(long changes) {
    lock.writeLock().lock();
    try {
      this.changes = changes;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Makes room for {@code more} rows at once (a bulk build grows the arrays once). */
  public void reserve(int more) {
    lock.writeLock().lock();
    try {
      grow(rows + more);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void grow(int needed) {
    if (needed <= encodingIds.length) {
      return;
    }
    int capacity = Math.max(needed, encodingIds.length + (encodingIds.length >> 1) + 16);
    vectors = Arrays.copyOf(vectors, Math.multiplyExact(capacity, dimension));
    codes = Arrays.copyOf(codes, capacity * dimension);
    error = Arrays.copyOf(error, capacity);
    encodingIds = Arrays.copyOf(encodingIds, capacity);
    owner = Arrays.copyOf(owner, capacity);
  }

  @Override
  public void add(long encodingId, long personId, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "this index holds vectors of " + dimension + " values, got " + vector.length);
    }
    lock.writeLock().lock();
    try {
      grow(rows + 1);
      int at = rows * dimension;
      System.arraycopy(vector, 0, vectors, at, dimension);
      error[rows] = (float) quantize(vector, codes, at);
      encodingIds[rows] = encodingId;
      owner[rows] = person(personId);
      rows++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private int person(long personId) {
    Integer p = personIndex.get(personId);
    if (p == null) {
      p = personIndex.size();
      personIndex.put(personId, p);
      if (p >= personIds.length) {
        personIds = Arrays.copyOf(personIds, Math.max(16, personIds.length * 2));
      }
      personIds[p] = personId;
    }
    return p;
  }

  /**
   * Writes the bytes of {@code v} into {@code out} at {@code at}; returns the distance between
   * {@code v} and what the bytes stand for, rounded up so that it bounds the error.
   */
  private double quantize(float[] v, byte[] out, int at) {
    double sum = 0;
    for (int d = 0; d < v.length; d++) {
      int q = Math.max(-127, Math.min(127, Math.round(v[d] / scale)));
      out[at + d] = (byte) q;
      double diff = (double) v[d] - (double) q * scale;
      sum += diff * diff;
    }
    return Math.nextUp((float) Math.sqrt(sum));
  }

  @Override
  public void removePerson(long personId) {
    lock.writeLock().lock();
    try {
      Integer p = personIndex.get(personId);
      if (p == null) {
        return;
      }
      for (int i = 0; i < rows; i++) {
        if (owner[i] == p && !dead.get(i)) {
          dead.set(i);
          deadRows++;
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<Hit> search(float[] query, int k, double maxDistance) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "this index holds vectors of " + dimension + " values, the query has " + query.length);
    }
    if (k <= 0) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      return searchLocked(query, k, maxDistance);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Hit> searchLocked(float[] query, int k, double maxDistance) {
    int n = rows;
    if (n == 0) {
      return List.of();
    }
    byte[] q = new byte[dimension];
    double queryError = quantize(query, q, 0);
    // Pass 1, in bytes on every core: the distance between the rows' and the query's bytes.
    float[] approx = new float[n];
    int chunks = (n + CHUNK - 1) / CHUNK;
    IntStream.range(0, chunks)
        .parallel()
        .forEach(c -> byteDistances(q, c * CHUNK, Math.min(n, (c + 1) * CHUNK), approx));
    // Each row's true distance lies within approx +- (its error + the query's error). The k-th
    // best upper bound over people is a distance the answer cannot exceed.
    int people = personIndex.size();
    float[] bestUpper = new float[people];
    Arrays.fill(bestUpper, Float.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      if (dead.get(i)) {
        continue;
      }
      float upper = (float) (approx[i] + error[i] + queryError);
      int p = owner[i];
      if (upper < bestUpper[p]) {
        bestUpper[p] = upper;
      }
    }
    double limit = Math.min(maxDistance, kthSmallest(bestUpper, k));
    // Pass 2, in floats: every row whose lower bound does not rule it out, measured exactly.
    double slack = 1e-5; // float rounding of the bounds themselves
    double[] best = new double[people];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      if (dead.get(i) || approx[i] - error[i] - queryError > limit + slack) {
        continue;
      }
      double d = distance(query, i);
      if (d <= maxDistance && d < best[owner[i]]) {
        best[owner[i]] = d;
      }
    }
    PriorityQueue<Hit> top =
        new PriorityQueue<>(
            Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::personId).reversed());
    for (int p = 0; p < people; p++) {
      if (best[p] != Double.POSITIVE_INFINITY) {
        top.add(new Hit(personIds[p], best[p]));
        if (top.size() > k) {
          top.poll();
        }
      }
    }
    List<Hit> out = new ArrayList<>(top);
    out.sort(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::personId));
    return out;
  }

  private void byteDistances(byte[] q, int from, int to, float[] out) {
    int dim = dimension;
    byte[] c = codes;
    for (int i = from; i < to; i++) {
      int at = i * dim;
      int sum = 0;
      for (int d = 0; d < dim; d++) {
        int diff = q[d] - c[at + d];
        sum += diff * diff;
      }
      out[i] = (float) (scale * Math.sqrt(sum));
    }
  }

  /**
   * Euclidean distance of the query to row {@code i}, computed as {@link
   * Embedding#distance(float[], float[])}.
   */
  private double distance(float[] query, int i) {
    int at = i * dimension;
    double sum = 0;
    for (int d = 0; d < dimension; d++) {
      double diff = (double) query[d] - vectors[at + d];
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  }

  /** The k-th smallest value (infinity when there are fewer than k). */
  private static double kthSmallest(float[] values, int k) {
    PriorityQueue<Float> largestFirst = new PriorityQueue<>(Comparator.reverseOrder());
    for (float v : values) {
      if (v == Float.POSITIVE_INFINITY) {
        continue;
      }
      if (largestFirst.size() < k) {
        largestFirst.add(v);
      } else if (v < largestFirst.peek()) {
        largestFirst.poll();
        largestFirst.add(v);
      }
    }
    return largestFirst.size() < k ? Double.POSITIVE_INFINITY : largestFirst.peek();
  }

  /**
   * Writes the live rows to {@code folder}/{@value #FILE}, whole or not at all. The floats are the
   * source of truth; the bytes and bounds are made again when the file is read.
   */
  @Override
  public void save(Path folder) {
    lock.readLock().lock();
    try {
      Files.createDirectories(folder);
      AtomicFile.write(
          folder.resolve(FILE),
          stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dimension);
            out.writeFloat(scale);
            out.writeLong(changes);
            out.writeInt(rows - deadRows);
            byte[] row = new byte[dimension * 4];
            for (int i = 0; i < rows; i++) {
              if (dead.get(i)) {
                continue;
              }
              out.writeLong(encodingIds[i]);
              out.writeLong(personIds[owner[i]]);
              java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(row);
              b.asFloatBuffer().put(vectors, i * dimension, dimension);
              out.write(row);
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
   * The index saved in {@code folder}, or null when there is none. A file that is damaged, cut
   * short or of another dimension is reported as an exception, so the caller rebuilds it.
   */
  public static ExactIndex load(Path folder, int dimension) throws IOException {
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
      float scale = in.readFloat();
      long changes = in.readLong();
      int count = in.readInt();
      if (count < 0 || !(scale > 0)) {
        throw new IOException(file + " is damaged");
      }
      ExactIndex index = new ExactIndex(dimension, scale);
      index.reserve(count);
      byte[] row = new byte[dimension * 4];
      float[] v = new float[dimension];
      for (int i = 0; i < count; i++) {
        long encodingId = in.readLong();
        long personId = in.readLong();
        in.readFully(row);
        java.nio.ByteBuffer.wrap(row).asFloatBuffer().get(v);
        for (float x : v) {
          if (!Float.isFinite(x)) {
            throw new IOException(file + " is damaged: a vector holds " + x);
          }
        }
        index.add(encodingId, personId, v);
      }
      if (in.read() != -1) {
        throw new IOException(file + " is damaged: data after the last vector");
      }
      index.setChanges(changes);
      return index;
    } catch (EOFException e) {
      throw new IOException(file + " is cut short", e);
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      rows = 0;
      vectors = new float[0];
      codes = new byte[0];
    } finally {
      lock.writeLock().unlock();
    }
  }
}
