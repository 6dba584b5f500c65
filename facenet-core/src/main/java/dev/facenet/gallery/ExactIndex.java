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
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Every encoding compared with the query, fast enough for a million, and exact: the answer equals a
 * float brute force ({@link Embedding#distance(float[], float[])}), ties broken by person id.
 *
 * <p>The speed comes from a bound, not from skipping anyone. Each row also keeps a copy of itself
 * in bytes (every value divided by one scale and rounded, so {@code row ~ scale x code}) and how
 * far that copy is from the row ({@code error}). A first pass, on all cores, computes the distance
 * between the query's and each row's byte copies with exact integer arithmetic: a quarter of the
 * memory of the float rows, and vector instructions where the JVM has them ({@link ByteDots}). By
 * the triangle inequality the true distance is at least the bytes' distance minus both errors. The
 * rows nearest in bytes are measured in full, which gives a distance the k-th person's cannot
 * exceed; every row whose bound is under that is then measured in full. A row left out has a true
 * distance beyond the k-th person's: it cannot be in the answer. The scale only decides how many
 * rows are measured in full (values beyond its range are clipped, and their error says so), never
 * which people are found.
 *
 * <p>Thread-safe: searches run at once; adding and removing wait for running searches.
 */
public final class ExactIndex implements VectorIndex {
  private static final int MAGIC = 0x46435849; // "FCXI"
  private static final int VERSION = 4;
  static final String FILE = "exact.idx";

  /** Rows per task of the first pass: large enough that splitting costs nothing. */
  private static final int CHUNK = 16_384;

  /** Byte codes run from -LEVELS to LEVELS. */
  private static final int LEVELS = 127;

  /**
   * The largest value an empty index expects (encodings of unit length rarely hold a value over
   * 0.5), until it is fitted to its rows.
   */
  private static final float DEFAULT_RANGE = 0.5f;

  private final int dimension;
  private final ByteDots.Kernel kernel;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** A row is about {@code scale} times its byte code. */
  private float scale = DEFAULT_RANGE / LEVELS;

  private int rows;

  /**
   * Rows {@code 0..mapped-1} of an index read from a file stay in that file, mapped into memory
   * rather than copied: a search reads every row's byte code but the full vectors of only a few
   * rows, so most of the file is never brought into the process (a million encodings: 512 MB
   * mapped, a few MB of it read per search). Later rows live in {@link #vectors}.
   */
  private FloatBuffer mappedVectors;

  private int mapped;

  /** Rows from {@link #mapped} on, {@code dimension} values each. */
  private float[] vectors = new float[0];

  /** Each row's byte code, {@code dimension} values each. */
  private byte[] codes = new byte[0];

  /** Each row's code's squared length, so that a squared distance needs only a dot product. */
  private int[] codeNorms = new int[0];

  /** Each row's distance from its code (times the scale), rounded up. */
  private float[] errors = new float[0];

  private long[] encodingIds = new long[0];
  private int[] owner = new int[0];
  private final BitSet dead = new BitSet();
  private int deadRows;

  private long[] personIds = new long[0];
  private final Map<Long, Integer> personIndex = new HashMap<>();
  private long changes;

  /** An empty index: its scale is a guess until it is fitted to its rows. */
  public ExactIndex(int dimension) {
    this(dimension, ByteDots.BEST);
  }

  ExactIndex(int dimension, ByteDots.Kernel kernel) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.kernel = kernel;
  }

  /** Builds an index of every encoding of a model and crop in a store. */
  public static ExactIndex build(IndexedStore store, String model, String crop, int dimension) {
    ExactIndex index = new ExactIndex(dimension);
    index.lock.writeLock().lock();
    try {
      store.scan(model, crop, index::append);
      index.fit();
    } finally {
      index.lock.writeLock().unlock();
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

  private void grow(int needed) {
    if (needed <= encodingIds.length) {
      return;
    }
    int capacity = Math.max(needed, encodingIds.length + (encodingIds.length >> 1) + 16);
    vectors = Arrays.copyOf(vectors, Math.multiplyExact(capacity - mapped, dimension));
    codes = Arrays.copyOf(codes, Math.multiplyExact(capacity, dimension));
    codeNorms = Arrays.copyOf(codeNorms, capacity);
    errors = Arrays.copyOf(errors, capacity);
    encodingIds = Arrays.copyOf(encodingIds, capacity);
    owner = Arrays.copyOf(owner, capacity);
  }

  @Override
  public void add(long encodingId, long personId, float[] vector) {
    lock.writeLock().lock();
    try {
      append(encodingId, personId, vector);
      encode(rows - 1);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stores a row without its code (the caller encodes it, or refits every row). */
  private void append(long encodingId, long personId, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "this index holds vectors of " + dimension + " values, got " + vector.length);
    }
    grow(rows + 1);
    System.arraycopy(vector, 0, vectors, (rows - mapped) * dimension, dimension);
    encodingIds[rows] = encodingId;
    owner[rows] = person(personId);
    rows++;
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

  /** Writes row {@code i}'s byte code, its squared length and its error. */
  private void encode(int i) {
    errors[i] = quantize(row(i), scale, codes, i * dimension);
    codeNorms[i] = squaredLength(codes, i * dimension, dimension);
  }

  /**
   * Writes {@code v / scale}, rounded and clipped to the byte range, into {@code code} at {@code
   * at}; returns the distance between {@code v} and {@code scale x code}, rounded up to a float
   * (NaN when {@code v} holds a value that is not finite, which keeps such a row out of every
   * answer, as a brute force would).
   */
  static float quantize(float[] v, float scale, byte[] code, int at) {
    double sum = 0;
    for (int j = 0; j < v.length; j++) {
      double x = v[j];
      long c = Math.round(x / scale);
      c = Math.max(-LEVELS, Math.min(LEVELS, c));
      code[at + j] = (byte) c;
      double diff = x - (double) scale * c;
      sum += diff * diff;
    }
    if (!Double.isFinite(sum)) {
      return Float.NaN;
    }
    double error = Math.sqrt(sum);
    // rounding of the sum and the root is many times under this margin
    float up = (float) (error * (1 + 1e-9) + 1e-12);
    return up < error ? Math.nextUp(up) : up;
  }

  private static int squaredLength(byte[] code, int at, int length) {
    int s = 0;
    for (int j = 0; j < length; j++) {
      s += code[at + j] * code[at + j];
    }
    return s;
  }

  /** Row {@code i}'s vector, as a copy. */
  private float[] row(int i) {
    float[] v = new float[dimension];
    if (i < mapped) {
      mappedVectors.get(i * dimension, v, 0, dimension);
    } else {
      System.arraycopy(vectors, (i - mapped) * dimension, v, 0, dimension);
    }
    return v;
  }

  /**
   * Fits the scale to the rows (the largest finite value among them is the largest code) and
   * encodes every row again. Called with the write lock held.
   */
  private void fit() {
    int chunks = (rows + CHUNK - 1) / CHUNK;
    float largest =
        (float)
            IntStream.range(0, chunks)
                .parallel()
                .mapToDouble(
                    c -> {
                      float m = 0;
                      for (int i = c * CHUNK, end = Math.min(rows, (c + 1) * CHUNK); i < end; i++) {
                        for (float x : row(i)) {
                          if (Float.isFinite(x)) {
                            m = Math.max(m, Math.abs(x));
                          }
                        }
                      }
                      return m;
                    })
                .max()
                .orElse(0);
    float fitted = largest / LEVELS; // the largest is finite; a tiny one may round to zero
    if (fitted > 0) {
      scale = fitted;
    }
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              for (int i = c * CHUNK, end = Math.min(rows, (c + 1) * CHUNK); i < end; i++) {
                encode(i);
              }
            });
  }

  /**
   * Fits the scale to the rows held now, after many were added one by one (a gallery built with
   * {@link #build} or read with {@link #load} is fitted already). Searches are exact either way; a
   * fitted scale makes them faster.
   */
  public void optimize() {
    lock.writeLock().lock();
    try {
      fit();
    } finally {
      lock.writeLock().unlock();
    }
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
    if (n == deadRows) {
      return List.of();
    }
    byte[] q = new byte[dimension];
    float queryError = quantize(query, scale, q, 0);
    if (Float.isNaN(queryError)) {
      return List.of(); // a query that is not finite is at no finite distance from anyone
    }
    int queryNorm = squaredLength(q, 0, dimension);
    // Pass 1, on every core: the squared distance between the byte codes of the query and of each
    // row, exact in integers, and each chunk's rows with the smallest ones.
    int[] coded = new int[n];
    int chunks = (n + CHUNK - 1) / CHUNK;
    int want = Math.max(32, 4 * k);
    List<Nearest> best =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(
                c ->
                    codedDistances(
                        q, queryNorm, c * CHUNK, Math.min(n, (c + 1) * CHUNK), coded, want))
            .toList();
    Nearest candidates = new Nearest(want);
    for (Nearest b : best) {
      b.drainInto(candidates);
    }
    // The candidates measured in full bound the k-th person's distance; the bound only tightens
    // when they hold k different people, which a few times k rows nearly always do.
    Map<Integer, Double> byPerson = new HashMap<>();
    for (int i : candidates.rows()) {
      byPerson.merge(owner[i], distance(query, i), Math::min);
    }
    double limit = maxDistance;
    if (byPerson.size() >= k) {
      double[] ds = byPerson.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      limit = Math.min(limit, ds[k - 1]);
    }
    // Pass 2: every row the bound does not rule out, measured in full, on every core. A row may be
    // within the limit only when scale x sqrt(coded) - queryError - error <= limit.
    double bound = limit; // for the tasks: limit was reassigned
    List<Near> parts =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(
                c -> near(query, c * CHUNK, Math.min(n, (c + 1) * CHUNK), coded, queryError, bound))
            .toList();
    Map<Integer, Double> found = new HashMap<>();
    for (Near part : parts) {
      for (int j = 0; j < part.count; j++) {
        found.merge(part.person[j], part.distance[j], Math::min);
      }
    }
    return found.entrySet().stream()
        .map(e -> new Hit(personIds[e.getKey()], e.getValue()))
        .sorted(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::personId))
        .limit(k)
        .toList();
  }

  /** Rows of one chunk within the limit: each one's person and full distance. */
  private static final class Near {
    int count;
    int[] person = new int[16];
    double[] distance = new double[16];

    void add(int p, double d) {
      if (count == person.length) {
        person = Arrays.copyOf(person, count * 2);
        distance = Arrays.copyOf(distance, count * 2);
      }
      person[count] = p;
      distance[count++] = d;
    }
  }

  /**
   * The rows of {@code from..to} whose bound does not exceed {@code limit} and whose full distance
   * is within it.
   */
  private Near near(float[] query, int from, int to, int[] coded, float queryError, double limit) {
    Near out = new Near();
    double s = scale;
    boolean everyone = limit == Double.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      if (dead.get(i) || Float.isNaN(errors[i])) {
        continue; // a NaN error: values that are not finite match no one
      }
      if (!everyone) {
        // the slack covers the rounding of these few operations in doubles, many times over
        // (compared as squares of code units: no root per row)
        double reach = ((limit + queryError + errors[i]) * (1 + 1e-9) + 1e-12) / s;
        if (!(coded[i] <= reach * reach)) {
          continue;
        }
      }
      double d = distance(query, i);
      if (d <= limit) {
        out.add(owner[i], d);
      }
    }
    return out;
  }

  /** Squared distances of the codes of rows {@code from..to} into {@code out}; their nearest. */
  private Nearest codedDistances(byte[] q, int queryNorm, int from, int to, int[] out, int want) {
    ByteDots.dots(kernel, q, codes, from, to, out);
    Nearest nearest = new Nearest(want);
    for (int i = from; i < to; i++) {
      int d = queryNorm + codeNorms[i] - 2 * out[i];
      out[i] = d;
      if (!dead.get(i) && !Float.isNaN(errors[i])) {
        nearest.offer(d, i);
      }
    }
    return nearest;
  }

  /** Euclidean distance of the query to row {@code i}, computed as {@link Embedding#distance}. */
  private double distance(float[] query, int i) {
    double sum = 0;
    if (i < mapped) {
      int at = i * dimension;
      for (int d = 0; d < dimension; d++) {
        double diff = (double) query[d] - mappedVectors.get(at + d);
        sum += diff * diff;
      }
    } else {
      int at = (i - mapped) * dimension;
      for (int d = 0; d < dimension; d++) {
        double diff = (double) query[d] - vectors[at + d];
        sum += diff * diff;
      }
    }
    return Math.sqrt(sum);
  }

  /** The rows with the smallest values offered, at most {@code size} of them (a max-heap). */
  private static final class Nearest {
    private final float[] value;
    private final int[] row;
    private int count;

    Nearest(int size) {
      value = new float[size];
      row = new int[size];
    }

    void offer(float v, int r) {
      if (v == Float.POSITIVE_INFINITY) {
        return;
      }
      if (count < value.length) {
        value[count] = v;
        row[count] = r;
        up(count++);
      } else if (v < value[0]) {
        value[0] = v;
        row[0] = r;
        down(0);
      }
    }

    void drainInto(Nearest other) {
      for (int i = 0; i < count; i++) {
        other.offer(value[i], row[i]);
      }
    }

    int[] rows() {
      return Arrays.copyOf(row, count);
    }

    private void up(int i) {
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (value[parent] >= value[i]) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void down(int i) {
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int largest = i;
        if (l < count && value[l] > value[largest]) {
          largest = l;
        }
        if (r < count && value[r] > value[largest]) {
          largest = r;
        }
        if (largest == i) {
          return;
        }
        swap(i, largest);
        i = largest;
      }
    }

    private void swap(int a, int b) {
      float v = value[a];
      value[a] = value[b];
      value[b] = v;
      int r = row[a];
      row[a] = row[b];
      row[b] = r;
    }
  }

  /**
   * Writes the live rows to {@code folder}/{@value #FILE}, whole or not at all, with each row's
   * byte code and error, so that reading it back is a copy, not a computation. A checksum covers
   * everything but the float vectors (which a search reads only for the few rows it measures in
   * full): a damaged code or error could otherwise hide a person from a search.
   */
  @Override
  public void save(Path folder) {
    lock.readLock().lock();
    try {
      Files.createDirectories(folder);
      AtomicFile.write(
          folder.resolve(FILE),
          stream -> {
            int live = rows - deadRows;
            DataOutputStream raw = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
            CRC32C crc = new CRC32C();
            // unbuffered on top of the buffer: what goes through it is counted, in order
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dimension);
            out.writeLong(changes);
            out.writeInt(live);
            out.writeFloat(scale);
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                out.writeLong(encodingIds[i]);
                out.writeLong(personIds[owner[i]]);
              }
            }
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                FloatFiles.write(raw, row(i), 0, dimension);
              }
            }
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                out.write(codes, i * dimension, dimension);
              }
            }
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                out.writeFloat(errors[i]);
              }
            }
            raw.writeLong(crc.getValue());
            raw.flush();
          });
    } catch (IOException e) {
      throw new FaceNetException("cannot write the search index in " + folder + ": " + e, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The change counter an index saved in {@code folder} was written at, read from its header alone;
   * empty when there is none.
   *
   * @throws IOException when the file is not an index of this version
   */
  static java.util.OptionalLong savedChanges(Path folder) throws IOException {
    return VectorIndex.headerChanges(folder.resolve(FILE), MAGIC, VERSION, 4);
  }

  /** Bytes before the rows: magic, version, dimension, changes, count, scale. */
  private static final long HEADER = 28;

  /**
   * The index saved in {@code folder}, or null when there is none; its vectors stay mapped from the
   * file (replacing the file later does not disturb the mapping). A file that is cut short, too
   * long, of another dimension or version, or whose checksum fails is reported as an exception, so
   * the caller rebuilds it.
   */
  public static ExactIndex load(Path folder, int dimension) throws IOException {
    Path file = folder.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
    try (channel) {
      long size = channel.size();
      CRC32C crc = new CRC32C();
      DataInputStream in = checked(channel, crc);
      if (size < HEADER + 8 || in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a search index of this version");
      }
      int dim = in.readInt();
      if (dim != dimension) {
        throw new IOException(file + " holds vectors of " + dim + " values, not " + dimension);
      }
      ExactIndex index = new ExactIndex(dimension);
      long changes = in.readLong();
      int count = in.readInt();
      float scale = in.readFloat();
      long vectorsAt = HEADER + 16L * count;
      long codesAt = vectorsAt + 4L * count * dimension;
      long expected = codesAt + (long) count * dimension + 4L * count + 8;
      if (count < 0 || expected != size) {
        throw new IOException(
            file + " is damaged or cut short (" + size + " bytes, " + expected + " expected)");
      }
      index.mapped = count; // set first: the rows' vectors get no array of their own
      index.grow(count);
      for (int i = 0; i < count; i++) {
        index.encodingIds[i] = in.readLong();
        index.owner[i] = index.person(in.readLong());
      }
      // a read-only mapping outlives the channel; it is unmapped when the index is collected
      index.mappedVectors =
          channel
              .map(FileChannel.MapMode.READ_ONLY, vectorsAt, 4L * count * dimension)
              .asFloatBuffer();
      channel.position(codesAt);
      in = checked(channel, crc);
      in.readFully(index.codes, 0, count * dimension);
      for (int i = 0; i < count; i++) {
        index.errors[i] = in.readFloat();
      }
      long sum = crc.getValue();
      ByteBuffer stored = ByteBuffer.allocate(8);
      channel.read(stored, size - 8);
      if (stored.flip().remaining() != 8 || stored.getLong() != sum) {
        throw new IOException(file + " is damaged: its checksum does not match");
      }
      if (!(scale > 0) || !Float.isFinite(scale)) {
        throw new IOException(file + " is damaged: its scale is " + scale);
      }
      index.scale = scale;
      for (int i = 0; i < count; i++) {
        index.codeNorms[i] = squaredLength(index.codes, i * dimension, dimension);
      }
      index.rows = count;
      index.changes = changes;
      return index;
    } catch (EOFException e) {
      throw new IOException(file + " is cut short", e);
    }
  }

  /** A stream from the channel's position that adds what is read to {@code crc}. */
  private static DataInputStream checked(FileChannel channel, CRC32C crc) {
    return new DataInputStream(
        new CheckedInputStream(
            new BufferedInputStream(Channels.newInputStream(channel), 1 << 20), crc));
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      rows = 0;
      mapped = 0;
      mappedVectors = null;
      vectors = new float[0];
      codes = new byte[0];
      codeNorms = new int[0];
      errors = new float[0];
    } finally {
      lock.writeLock().unlock();
    }
  }
}
