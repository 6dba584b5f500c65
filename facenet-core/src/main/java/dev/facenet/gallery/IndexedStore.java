package dev.facenet.gallery;

import java.util.Collection;
import java.util.Map;

/**
 * What the search indexes need from a store ({@link GallerySearch}): its change counter, its
 * encodings of one model and crop, and the names behind person ids. Each store implements it once.
 */
public interface IndexedStore {

  /** The store's change counter ({@link Gallery#changes()}). */
  long changes();

  /** How many encodings of this model and crop are stored. */
  long count(String model, String crop);

  /** Hands every encoding of this model and crop to {@code sink}, in no particular order. */
  void scan(String model, String crop, Row sink);

  /** The names of these people; ids no longer stored are left out. */
  Map<Long, String> names(Collection<Long> personIds);

  /** One stored encoding, as an index keeps it. */
  @FunctionalInterface
  interface Row {
    void accept(long encodingId, long personId, float[] vector);
  }
}
