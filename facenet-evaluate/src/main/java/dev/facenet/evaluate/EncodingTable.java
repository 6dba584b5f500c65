package dev.facenet.evaluate;

import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The encodings of every picture an evaluation needs, each computed once (a picture in fifty pairs
 * is encoded one time), in batches, with progress reported after every batch and the speed
 * measured.
 */
public final class EncodingTable {
  private final Map<Path, EncodedPicture> byPath;
  private final long nanos;

  private EncodingTable(Map<Path, EncodedPicture> byPath, long nanos) {
    this.byPath = byPath;
    this.nanos = nanos;
  }

  /** A table of encodings made elsewhere (e.g. read back from a cache). */
  public static EncodingTable of(Map<Path, EncodedPicture> encodings) {
    return new EncodingTable(new LinkedHashMap<>(encodings), 0);
  }

  /** Encodes the distinct pictures of the list, {@code batch} at a time. */
  public static EncodingTable compute(
      List<Path> pictures, BatchEncoder encoder, int batch, Progress progress) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be 1 or more");
    }
    List<Path> distinct = new ArrayList<>(new LinkedHashSet<>(pictures));
    Map<Path, EncodedPicture> out = new LinkedHashMap<>();
    long start = System.nanoTime();
    progress.update(0, distinct.size());
    for (int from = 0; from < distinct.size(); from += batch) {
      List<Path> chunk = distinct.subList(from, Math.min(distinct.size(), from + batch));
      List<EncodedPicture> encoded = encoder.encode(chunk);
      if (encoded.size() != chunk.size()) {
        throw new IllegalStateException(
            "the encoder returned "
                + encoded.size()
                + " encodings for "
                + chunk.size()
                + " pictures");
      }
      for (int i = 0; i < chunk.size(); i++) {
        out.put(chunk.get(i), encoded.get(i));
      }
      progress.update(out.size(), distinct.size());
    }
    return new EncodingTable(out, System.nanoTime() - start);
  }

  /** The encoding of a picture of the evaluation. */
  public Embedding get(Path picture) {
    return picture(picture).embedding();
  }

  /** Everything the evaluation knows of one of its pictures: encoding, face found, quality. */
  public EncodedPicture picture(Path picture) {
    EncodedPicture e = byPath.get(picture);
    if (e == null) {
      throw new FaceNetException(picture + ": not encoded in this evaluation");
    }
    return e;
  }

  /** Distance between the encodings of two pictures. */
  public double distance(Path a, Path b) {
    return get(a).distanceTo(get(b));
  }

  /** Pictures in which no face was found (their encodings are the pipeline's best guess). */
  public List<Path> noFace() {
    return byPath.entrySet().stream()
        .filter(e -> !e.getValue().faceFound())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Number of pictures encoded. */
  public int size() {
    return byPath.size();
  }

  public double seconds() {
    return nanos / 1e9;
  }

  /** Pictures encoded per second, reading and preparing them included. */
  public double picturesPerSecond() {
    return nanos == 0 ? 0 : byPath.size() / seconds();
  }
}
