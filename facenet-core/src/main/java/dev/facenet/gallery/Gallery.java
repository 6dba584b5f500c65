package dev.facenet.gallery;

import dev.facenet.common.Actor;
import dev.facenet.common.ApiKey;
import dev.facenet.common.AuditEntry;
import dev.facenet.common.ContentHash;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.GalleryCheck;
import dev.facenet.common.Neighbour;
import dev.facenet.common.Person;
import dev.facenet.common.PersonData;
import dev.facenet.common.SearchMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The people we know: names, each with one or more encodings. Every encoding keeps the model and
 * crop that made it, and lookups always name both, so encodings of different networks are never
 * compared. Changes are atomic: a failed or interrupted enrolment leaves the gallery as it was.
 * Every change to who is known (enrol, remove, rename, import) writes a row of its audit in the
 * same transaction, with who made it; the gallery also keeps the service's API keys, as hashes.
 *
 * <p>A name means one person whatever its case or Unicode form ({@link Person#key}): enrolling
 * "andrew" adds to "Andrew", whose name keeps the spelling it was first given; every lookup by name
 * (person, contains, encodingsOf, remove, rename) works the same way. A stored encoding that is
 * damaged (a vector of the wrong length, a value that is not finite) is never used: reading it
 * throws {@link dev.facenet.common.GalleryDamagedException}.
 */
public interface Gallery extends AutoCloseable {

  /**
   * Adds encodings to a person (created if new), all or nothing; the name must pass {@link
   * Person#checkName}.
   */
  default void enroll(String name, List<Embedding> encodings) {
    enroll(name, encodings, Collections.nCopies(encodings.size(), null));
  }

  /**
   * As {@link #enroll(String, List)}, each encoding stored with the hash of the picture file it was
   * made from ({@code pictures}, as long as {@code encodings}; an element may be null when not
   * known), so that a later bulk enrolment can skip that picture. Audited as made by {@link
   * Actor#local()}.
   */
  default void enroll(String name, List<Embedding> encodings, List<ContentHash> pictures) {
    enroll(name, encodings, pictures, Actor.local());
  }

  /** As {@link #enroll(String, List, List)}, audited as made by {@code by}. */
  void enroll(String name, List<Embedding> encodings, List<ContentHash> pictures, Actor by);

  /** Everyone, sorted by name ignoring case. */
  List<Person> people();

  /** One person, by name in any case, read alone: no listing. */
  Optional<Person> person(String name);

  /**
   * Everything stored about one person (name in any case): encodings with their dates, models and
   * picture hashes, and the audit rows about them; empty when there is no such person.
   */
  Optional<PersonData> about(String name);

  boolean contains(String name);

  /** Removes a person and all their encodings; false when there was no such person. */
  default boolean remove(String name) {
    return remove(name, Actor.local());
  }

  /** As {@link #remove(String)}, audited as made by {@code by}. */
  boolean remove(String name, Actor by);

  /**
   * Gives a person a new name, keeping their encodings; false when there was no such person.
   * Refuses a name that is already taken (merging two people is never what a typo fix means).
   */
  default boolean rename(String from, String to) {
    return rename(from, to, Actor.local());
  }

  /** As {@link #rename(String, String)}, audited as made by {@code by}. */
  boolean rename(String from, String to, Actor by);

  /** One person's encodings made by this model and crop (empty when none). */
  List<Embedding> encodingsOf(String name, String model, String crop);

  /**
   * The {@code k} nearest people to {@code query} among the encodings of its model and crop, each
   * by their closest encoding, within {@code maxDistance} (Euclidean), nearest first; fewer when
   * fewer are that close. Answered from an index kept beside the store and brought up to date first
   * when the store changed ({@link #changes()}), so it is never stale.
   */
  List<Neighbour> nearest(Embedding query, int k, double maxDistance, SearchMode mode);

  /** As {@link #nearest(Embedding, int, double, SearchMode)}, the search picked by size. */
  default List<Neighbour> nearest(Embedding query, int k, double maxDistance) {
    return nearest(query, k, maxDistance, SearchMode.AUTO);
  }

  /**
   * A counter stored with the gallery that grows with every change (enrol, remove, rename, import),
   * by this process or any other: an index that reflects another value is out of date.
   */
  long changes();

  /**
   * Adds many encodings in one transaction, all or nothing (people created as needed); each is
   * checked as {@link #enroll} checks them, and stored with its picture's hash when it has one.
   * Streams: the entries need not fit in memory.
   *
   * @return how many encodings were added
   */
  default long enrollAll(Iterator<Enrolment> entries) {
    return enrollAll(entries, Actor.local());
  }

  /**
   * As {@link #enrollAll(Iterator)}, audited (one row for the whole import) as made by {@code by}.
   */
  long enrollAll(Iterator<Enrolment> entries, Actor by);

  /**
   * Hands every stored encoding to {@code sink} (with its picture's hash when one was stored), by
   * name and then in the order they were added.
   *
   * @return how many
   */
  long exportAll(Consumer<Enrolment> sink);

  /**
   * Which of these pictures (by the hash of their file) already have an encoding of this model and
   * crop, and under whose names: each stored hash maps to the people it is stored with, a hash not
   * stored is absent. Answered in one query per few hundred hashes, not one per picture, so bulk
   * enrolment can afford to ask before it encodes anything.
   */
  Map<ContentHash, Set<String>> enrolledPictures(
      String model, String crop, Collection<ContentHash> pictures);

  /** Every person's encodings made by this model and crop, by name. */
  Map<String, List<Embedding>> encodings(String model, String crop);

  /** The "model/crop" pairs that made the stored encodings, e.g. {@code resnet/whole-image}. */
  List<String> modelsInUse();

  /** A threshold calibrated for this model and crop, when one was stored. */
  OptionalDouble threshold(String model, String crop);

  /** Stores the calibrated threshold for this model and crop. */
  void setThreshold(String model, String crop, double threshold);

  /**
   * The latest changes to who is known, newest first, at most {@code limit}: who enrolled, removed,
   * renamed or imported whom, and when.
   */
  List<AuditEntry> audit(int limit);

  // ---- the service's API keys ----

  /** Stores a new API key (its secret's hash only); its id must be new. */
  void addKey(ApiKey key);

  /** Every key, revoked ones too, oldest first. */
  List<ApiKey> keys();

  /** The key with this id, revoked or not. */
  Optional<ApiKey> key(String id);

  /** Marks a key revoked as of {@code at}; false when there is no such key or it was revoked. */
  boolean revokeKey(String id, Instant at);

  @Override
  void close();

  /**
   * Looks through everything stored, changing nothing: the database's own integrity check, every
   * encoding's vector, encodings without a person, people without encodings, names that differ only
   * in case, and the state of the saved search indexes.
   */
  GalleryCheck check();

  /**
   * Removes what {@link #check} finds damaged and can be removed (damaged and orphan encodings,
   * people without encodings), in one transaction audited as made by {@code by}, and nothing else;
   * the search indexes are rebuilt at the next search. Answers with the problems removed.
   */
  GalleryCheck repair(Actor by);
}
