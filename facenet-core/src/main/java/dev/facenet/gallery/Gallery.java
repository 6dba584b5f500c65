package dev.facenet.gallery;

import dev.facenet.common.Embedding;
import dev.facenet.common.Person;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The people we know: names, each with one or more encodings. Every encoding keeps the model and
 * crop that made it, and lookups always name both, so encodings of different networks are never
 * compared. Changes are atomic: a failed or interrupted enrolment leaves the gallery as it was.
 */
public interface Gallery extends AutoCloseable {

  /**
   * Adds encodings to a person (created if new), all or nothing; the name must pass {@link
   * Person#checkName}.
   */
  void enroll(String name, List<Embedding> encodings);

  /** Everyone, sorted by name. */
  List<Person> people();

  boolean contains(String name);

  /** Removes a person and all their encodings; false when there was no such person. */
  boolean remove(String name);

  /**
   * Gives a person a new name, keeping their encodings; false when there was no such person.
   * Refuses a name that is already taken (merging two people is never what a typo fix means).
   */
  boolean rename(String from, String to);

  /** One person's encodings made by this model and crop (empty when none). */
  List<Embedding> encodingsOf(String name, String model, String crop);

  /** Every person's encodings made by this model and crop, by name. */
  Map<String, List<Embedding>> encodings(String model, String crop);

  /** The "model/crop" pairs that made the stored encodings, e.g. {@code resnet/whole-image}. */
  List<String> modelsInUse();

  /** A threshold calibrated for this model and crop, when one was stored. */
  OptionalDouble threshold(String model, String crop);

  /** Stores the calibrated threshold for this model and crop. */
  void setThreshold(String model, String crop, double threshold);

  @Override
  void close();
}
