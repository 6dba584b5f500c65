package dev.facenet;

import dev.facenet.common.ContentHash;
import dev.facenet.common.Person;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What bulk enrolment will do with each picture of a dataset, decided from the pictures' hashes
 * before anything is decoded: encode it, leave it (the gallery holds it for this person already),
 * or refuse it (a copy of an earlier picture of the same person). It is its own step so that the
 * decision depends only on the folder and the gallery, never on how far an earlier run got: an
 * interrupted and resumed enrolment then ends with the gallery an uninterrupted one leaves.
 *
 * @param refused per picture, why it is refused before encoding; null when it is not
 * @param alreadyEnrolled per picture, whether the gallery already holds it for its person
 * @param toEncode the indexes of the pictures to encode, in order
 * @param warnings pictures to encode that hold the same content as another person's
 */
record DatasetPlan(
    String[] refused,
    boolean[] alreadyEnrolled,
    List<Integer> toEncode,
    int alreadyEnrolledCount,
    List<DatasetEnrolment.Warning> warnings) {

  /**
   * @param hashes per picture, its file's hash; null when it could not be read (it is encoded, and
   *     its decoding says why it fails)
   * @param stored the hashes the gallery holds for the model and crop, with their people
   */
  static DatasetPlan of(
      List<DatasetFolder.Picture> pictures,
      ContentHash[] hashes,
      Map<ContentHash, Set<String>> stored) {
    int n = pictures.size();
    String[] refused = new String[n];
    boolean[] already = new boolean[n];
    List<Integer> toEncode = new ArrayList<>();
    List<DatasetEnrolment.Warning> warnings = new ArrayList<>();
    int alreadyCount = 0;
    Map<String, Path> firstOfPerson = new HashMap<>(); // person and hash -> first picture
    Map<ContentHash, DatasetFolder.Picture> firstAnywhere = new HashMap<>();
    for (int i = 0; i < n; i++) {
      DatasetFolder.Picture picture = pictures.get(i);
      ContentHash hash = hashes[i];
      if (hash == null) {
        toEncode.add(i);
        continue;
      }
      Path earlier =
          firstOfPerson.putIfAbsent(
              Person.key(picture.name()) + "\0" + hash.hex(), picture.image());
      DatasetFolder.Picture first = firstAnywhere.putIfAbsent(hash, picture);
      if (earlier != null) {
        // a second encoding of the same bytes adds nothing to what the person's first one gives
        refused[i] = "the same picture as " + earlier;
        continue;
      }
      Set<String> holders = stored.getOrDefault(hash, Set.of());
      String key = Person.key(picture.name());
      if (holders.stream().anyMatch(h -> Person.key(h).equals(key))) {
        already[i] = true;
        alreadyCount++;
        continue;
      }
      toEncode.add(i);
      Set<String> others = new TreeSet<>(holders);
      if (!others.isEmpty()) {
        warnings.add(
            new DatasetEnrolment.Warning(
                picture.image(), "the same picture is enrolled as " + String.join(", ", others)));
      } else if (first != null && !Person.key(first.name()).equals(key)) {
        warnings.add(
            new DatasetEnrolment.Warning(
                picture.image(),
                "the same picture as " + first.image() + " (" + first.name() + ")"));
      }
    }
    return new DatasetPlan(refused, already, toEncode, alreadyCount, warnings);
  }
}
