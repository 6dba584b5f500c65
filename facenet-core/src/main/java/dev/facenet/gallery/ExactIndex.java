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

/**
 * Every encoding compared with the query, fast enough for a million, and exact: the answer equals a
 * float brute force ({@link Embedding#distance(float[], float[])}), ties broken by person id.
 *
 * <p>The speed comes from a bound, not from skipping anyone. Each row also keeps its first {@value
 * #HEAD} coordinates along the principal axes of the gallery (an orthonormal basis fitted to the
 * stored encodings). The distance over those coordinates alone never exceeds the full distance, and
 * it holds most of it. A first pass, on all cores, computes this partial distance for every row (a
 * quarter of the work of a full one); the rows with the smallest partial distances are then
 * measured in full, which gives a distance the k-th person's cannot exceed; finally every row whose
 * partial distance is under that is measured in full. A row left out has a partial distance, hence
 * a full one, beyond the k-th person's: it cannot be in the answer. The basis only decides how many
 * rows are measured in full, never which people are found.
 *
 * <p>Thread-safe: searches run at once; adding and removing wait for running searches.
 */
public final class ExactIndex implements VectorIndex {
  private static final int MAGIC = 0x46435849; // "FCXI"
  private static final int VERSION = 3;
  static final String FILE = "exact.idx";

  /** Principal coordinates kept per row for the first pass. */
  static final int HEAD = 32;

  /** Rows per task of the first pass: large enough that splitting costs nothing. */
  private static final int CHUNK = 16_384;

  /** Encodings the principal axes are fitted to, at most (spread over the gallery). */
  private static final int FIT_SAMPLE = 20_000;

  private final int dimension;
  private final int head;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** Rows of {@link #basis} are orthonormal axes; a row's head is basis x (row - mean). */
  private float[] basis;

  private float[] mean;

  private int rows;

  /**
   * Rows {@code 0..mapped-1} of an index read from a file stay in that file, mapped into memory
   * rather than copied: a search reads every row's coordinates but the full vectors of only a few
   * rows, so most of the file is never brought into the process (a million encodings: 512 MB
   * mapped, a few MB of it read per search). Later rows live in {@link #vectors}.
   */
  private FloatBuffer mappedVectors;

  private int mapped;

  /** Rows from {@link #mapped} on, {@code dimension} values each. */
  private float[] vectors = new float[0];

  private float[] heads = new float[0];
  private long[] encodingIds = new long[0];
  private int[] owner = new int[0];
  private final BitSet dead = new BitSet();
  private int deadRows;

  private long[] personIds = new long[0];
  private final Map<Long, Integer> personIndex = new HashMap<>();
  private long changes;

  /** An empty index: its axes are the first coordinates until it is rebuilt from its rows. */
  public ExactIndex(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    this.dimension = dimension;
    this.head = Math.min(HEAD, dimension);
    this.basis = new float[head * dimension];
    for (int a = 0; a < head; a++) {
      basis[a * dimension + a] = 1;
    }
    this.mean = new float[dimension];
  }

  /** Builds an index of every encoding of a model and crop in a store. */
  public static ExactIndex build(IndexedStore store, String model, String crop, int dimension) {
    ExactIndex index = new ExactIndex(dimension);
    index.lock.writeLock().lock();
    try {
      store.scan(model, crop, index::append);
      index.fitAxes();
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
    heads = Arrays.copyOf(heads, Math.multiplyExact(capacity, head));
    encodingIds = Arrays.copyOf(encodingIds, capacity);
    owner = Arrays.copyOf(owner, capacity);
  }

  @Override
  public void add(long encodingId, long personId, float[] vector) {
    lock.writeLock().lock();
    try {
      append(encodingId, personId, vector);
      project(rows - 1);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stores a row without its head (the caller projects it, or refits every row). */
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

  /** Writes row {@code i}'s principal coordinates. */
  private void project(int i) {
    project(row(i), 0, heads, i * head);
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

  /** Coordinates along the axes ({@link PrincipalAxes#project}). */
  private void project(float[] from, int at, float[] to, int toAt) {
    PrincipalAxes.project(basis, mean, from, at, to, toAt);
  }

  /**
   * Fits the axes to the rows (the mean, and the directions along which they vary most) and
   * projects every row again. Called with the write lock held.
   */
  private void fitAxes() {
    if (rows >= 2 && head < dimension) {
      int step = Math.max(1, rows / FIT_SAMPLE);
      int sampled = (rows + step - 1) / step;
      float[] sample = new float[sampled * dimension];
      for (int j = 0; j < sampled; j++) {
        System.arraycopy(row(j * step), 0, sample, j * dimension, dimension);
      }
      PrincipalAxes axes = PrincipalAxes.fit(sample, sampled, dimension, sampled, head);
      basis = axes.basis();
      mean = axes.mean();
    }
    int chunks = (rows + CHUNK - 1) / CHUNK;
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              for (int i = c * CHUNK, end = Math.min(rows, (c + 1) * CHUNK); i < end; i++) {
                project(i);
              }
            });
  }

  /**
   * Fits the axes to the rows held now, after many were added one by one (a gallery built with
   * {@link #build} or read with {@link #load} is fitted already). Searches are exact either way;
   * fitted axes make them faster.
   */
  public void optimize() {
    lock.writeLock().lock();
    try {
      fitAxes();
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
    float[] q = new float[head];
    project(query, 0, q, 0);
    // Pass 1, on every core: the partial distance of each row (squared), and each chunk's rows
    // with the smallest ones.
    float[] partial = new float[n];
    int chunks = (n + CHUNK - 1) / CHUNK;
    int want = Math.max(32, 4 * k);
    List<Nearest> best =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(
                c -> partialDistances(q, c * CHUNK, Math.min(n, (c + 1) * CHUNK), partial, want))
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
    // Pass 2: every row the bound does not rule out, measured in full. The slack covers the float
    // rounding of the coordinates and partial sums (about 1e-6 of the values), many times over.
    double cut = limit == Double.POSITIVE_INFINITY ? limit : limit * limit * (1 + 1e-4) + 1e-8;
    // Rows farther than the limit cannot be in the answer either, so only the few within it are
    // kept per person; the full distances are measured on every core.
    double keep = limit;
    List<Near> parts =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(c -> near(query, c * CHUNK, Math.min(n, (c + 1) * CHUNK), partial, cut, keep))
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
   * The rows of {@code from..to} whose partial distance (squared) is within {@code cut} and whose
   * full distance is within {@code keep}.
   */
  private Near near(float[] query, int from, int to, float[] partial, double cut, double keep) {
    Near out = new Near();
    for (int i = from; i < to; i++) {
      if (partial[i] <= cut && !dead.get(i)) {
        double d = distance(query, i);
        if (d <= keep) {
          out.add(owner[i], d);
        }
      }
    }
    return out;
  }

  /** Partial distances of rows {@code from..to} into {@code out}; returns their nearest rows. */
  private Nearest partialDistances(float[] q, int from, int to, float[] out, int want) {
    Nearest nearest = new Nearest(want);
    int h = head;
    float[] hs = heads;
    for (int i = from; i < to; i++) {
      int at = i * h;
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int j = 0;
      // four sums at once: the JIT keeps them in registers and the additions overlap
      for (; j + 3 < h; j += 4) {
        float a = q[j] - hs[at + j];
        float b = q[j + 1] - hs[at + j + 1];
        float c = q[j + 2] - hs[at + j + 2];
        float d = q[j + 3] - hs[at + j + 3];
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
      }
      for (; j < h; j++) {
        float a = q[j] - hs[at + j];
        s0 += a * a;
      }
      float sum = (s0 + s1) + (s2 + s3);
      if (dead.get(i)) {
        sum = Float.POSITIVE_INFINITY;
      }
      out[i] = sum;
      nearest.offer(sum, i);
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
   * Writes the live rows to {@code folder}/{@value #FILE}, whole or not at all, with the axes and
   * each row's coordinates along them, so that reading it back is a copy, not a computation.
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
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dimension);
            out.writeInt(head);
            out.writeLong(changes);
            out.writeInt(live);
            FloatFiles.write(out, basis, 0, basis.length);
            FloatFiles.write(out, mean, 0, mean.length);
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                out.writeLong(encodingIds[i]);
                out.writeLong(personIds[owner[i]]);
              }
            }
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                FloatFiles.write(out, row(i), 0, dimension);
              }
            }
            for (int i = 0; i < rows; i++) {
              if (!dead.get(i)) {
                FloatFiles.write(out, heads, i * head, head);
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
   * The index saved in {@code folder}, or null when there is none; its vectors stay mapped from the
   * file (replacing the file later does not disturb the mapping). A file that is cut short, too
   * long or of another dimension or version is reported as an exception, so the caller rebuilds it.
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
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 20));
      if (size < 28 || in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a search index of this version");
      }
      int dim = in.readInt();
      if (dim != dimension) {
        throw new IOException(file + " holds vectors of " + dim + " values, not " + dimension);
      }
      ExactIndex index = new ExactIndex(dimension);
      if (in.readInt() != index.head) {
        throw new IOException(file + " is not a search index of this version");
      }
      long changes = in.readLong();
      int count = in.readInt();
      long idsAt = 28L + 4L * index.head * dimension + 4L * dimension;
      long vectorsAt = idsAt + 16L * count;
      long headsAt = vectorsAt + 4L * count * dimension;
      long expected = headsAt + 4L * count * index.head;
      if (count < 0 || expected != size) {
        throw new IOException(
            file + " is damaged or cut short (" + size + " bytes, " + expected + " expected)");
      }
      FloatFiles.read(in, index.basis, 0, index.basis.length);
      FloatFiles.read(in, index.mean, 0, index.mean.length);
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
      channel.position(headsAt);
      DataInputStream headIn =
          new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 20));
      FloatFiles.read(headIn, index.heads, 0, (long) count * index.head);
      for (int i = 0; i < count * index.head; i++) {
        if (!Float.isFinite(index.heads[i])) {
          throw new IOException(file + " is damaged: a coordinate holds " + index.heads[i]);
        }
      }
      index.rows = count;
      index.changes = changes;
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
      mapped = 0;
      mappedVectors = null;
      vectors = new float[0];
      heads = new float[0];
    } finally {
      lock.writeLock().unlock();
    }
  }
}
