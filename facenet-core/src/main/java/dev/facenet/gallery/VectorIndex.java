package dev.facenet.gallery;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The encodings of one model and crop, arranged to find the people nearest to a query without
 * reading the store: the exact scan ({@link ExactIndex}) and the HNSW graph ({@link HnswIndex}).
 * Each encoding is indexed with the store's id of the encoding and of its person.
 *
 * <p>Implementations are thread-safe: searches run at once, changes wait for running searches.
 */
public interface VectorIndex extends AutoCloseable {

  /** Length of the vectors. */
  int dimension();

  /** Encodings indexed (removed ones not counted). */
  long size();

  /** The store's change counter this index reflects; see {@link Gallery#changes()}. */
  long changes();

  /** Records that the index now reflects the store at this change counter. */
  void setChanges(long changes);

  /** Adds one encoding. */
  void add(long encodingId, long personId, float[] vector);

  /** Removes every encoding of a person. */
  void removePerson(long personId);

  /**
   * The {@code k} nearest people (each by their closest encoding) within {@code maxDistance}
   * (Euclidean), nearest first; fewer when fewer are that close.
   */
  List<Hit> search(float[] query, int k, double maxDistance);

  /** Writes the index into {@code folder} (created if needed), replacing what was there whole. */
  void save(Path folder);

  @Override
  void close();

  /**
   * The change counter in a saved index's header: after the magic number and the version, {@code
   * skip} bytes, then the counter as a long. Empty when the file does not exist.
   *
   * @throws IOException when the file is not an index of this kind and version
   */
  static OptionalLong headerChanges(Path file, int magic, int version, int skip)
      throws IOException {
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      if (in.readInt() != magic || in.readInt() != version) {
        throw new IOException("not a search index of this version");
      }
      in.skipNBytes(skip);
      return OptionalLong.of(in.readLong());
    } catch (EOFException e) {
      throw new IOException("cut short", e);
    }
  }
}
