package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Actor;
import dev.facenet.common.ApiKey;
import dev.facenet.common.AuditEntry;
import dev.facenet.common.ContentHash;
import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.GalleryCheck;
import dev.facenet.common.KeyRole;
import dev.facenet.common.Neighbour;
import dev.facenet.common.Person;
import dev.facenet.common.SearchMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Gallery} promises, run against each store by a subclass: enrolment and removal,
 * search that equals a brute force and never answers from a stale index (another handle on the same
 * store stands in for another process), the change counter, bulk enrolment that is all or nothing,
 * export, and the picture hashes that let bulk enrolment skip what it has done.
 */
abstract class GalleryContract {
  static final String RESNET = "resnet";
  static final String NN4 = "nn4-small2";

  private final SplittableRandom random = new SplittableRandom(42);

  /** A new handle on the store under test; every call reaches the same stored data. */
  abstract Gallery open();

  Embedding enc(String model, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (random.nextGaussian() * 0.1);
    }
    return new Embedding(model, Crops.WHOLE_IMAGE, v);
  }

  List<Embedding> encs(int n) {
    List<Embedding> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(enc(RESNET, 128));
    }
    return out;
  }

  /** The k nearest people by their closest encoding, read the slow way. */
  static List<Neighbour> bruteForce(Gallery g, Embedding q, int k, double maxDistance) {
    Map<String, Double> best = new HashMap<>();
    g.encodings(q.model(), q.crop())
        .forEach(
            (name, list) -> {
              for (Embedding e : list) {
                double d = q.distanceTo(e);
                if (d <= maxDistance) {
                  best.merge(name, d, Math::min);
                }
              }
            });
    return best.entrySet().stream()
        .map(e -> new Neighbour(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Neighbour::distance).thenComparing(Neighbour::name))
        .limit(k)
        .toList();
  }

  @Test
  void enrolListAndRemove() {
    try (Gallery g = open()) {
      assertThat(g.people()).isEmpty();
      g.enroll("bob", encs(2));
      g.enroll("ann", encs(3));
      g.enroll("bob", encs(1));
      assertThat(g.people())
          .containsExactly(
              new Person("ann", 3, List.of("resnet/whole-image")),
              new Person("bob", 3, List.of("resnet/whole-image")));
      assertThat(g.person("bob")).contains(new Person("bob", 3, List.of("resnet/whole-image")));
      assertThat(g.person("nobody")).isEmpty();
      g.enroll("bob", List.of(enc(NN4, 128)));
      assertThat(g.person("bob"))
          .contains(new Person("bob", 4, List.of("nn4-small2/whole-image", "resnet/whole-image")));
      assertThat(g.remove("ann")).isTrue();
      assertThat(g.remove("ann")).isFalse();
      assertThat(g.person("ann")).isEmpty();
      assertThat(g.people()).extracting(Person::name).containsExactly("bob");
      assertThat(g.rename("bob", "rob")).isTrue();
      assertThat(g.encodingsOf("rob", RESNET, Crops.WHOLE_IMAGE)).hasSize(3);
      assertThat(g.person("rob")).map(Person::encodings).contains(4);
    }
  }

  @Test
  void everyChangeToWhoIsKnownIsAuditedWithItsActorAndNoFailedOneIs() {
    Actor door = new Actor("key 0123456789abcdef (door)");
    try (Gallery g = open()) {
      long before = System.currentTimeMillis();
      g.enroll("ann", encs(2), java.util.Arrays.asList(null, null), door);
      g.enroll("bob", encs(1));
      assertThatThrownBy(
              () ->
                  g.enroll(
                      "bob",
                      List.of(enc(RESNET, 64)),
                      java.util.Arrays.asList((ContentHash) null),
                      door))
          .isInstanceOf(RuntimeException.class); // wrong length: nothing stored, nothing audited
      g.rename("bob", "rob", door);
      assertThat(g.remove("nobody", door)).isFalse();
      assertThat(g.remove("ann", door)).isTrue();
      g.enrollAll(List.of(new Enrolment("cy", enc(RESNET, 128), null)).iterator(), door);
      try (Gallery other = open()) { // another process reads the same audit
        List<AuditEntry> audit = other.audit(10);
        assertThat(audit)
            .extracting(AuditEntry::action, AuditEntry::person, AuditEntry::encodings)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("import", null, 1L),
                // a removed person's name leaves the audit, which keeps the id they had
                org.assertj.core.groups.Tuple.tuple("remove", "removed person #1", 2L),
                org.assertj.core.groups.Tuple.tuple("rename", "bob -> rob", 1L),
                org.assertj.core.groups.Tuple.tuple("enroll", "bob", 1L),
                org.assertj.core.groups.Tuple.tuple("enroll", "removed person #1", 2L));
        assertThat(audit.get(0).actor()).isEqualTo(door.label());
        assertThat(audit.get(3).actor()).isEqualTo(Actor.local().label());
        assertThat(audit.get(4).at().toEpochMilli()).isBetween(before, System.currentTimeMillis());
        assertThat(other.audit(2)).hasSize(2).first().isEqualTo(audit.get(0));
      }
    }
  }

  @Test
  void keysAreStoredListedAndRevokedAndEveryHandleSeesIt() {
    Instant made = Instant.ofEpochMilli(1_700_000_000_123L);
    ApiKey admin =
        new ApiKey("00000000000000aa", "ops", KeyRole.ADMIN, "ab".repeat(32), made, null);
    ApiKey user =
        new ApiKey(
            "00000000000000bb", "door 'camera'; --", KeyRole.USER, "cd".repeat(32), made, null);
    try (Gallery g = open();
        Gallery other = open()) {
      assertThat(g.keys()).isEmpty();
      g.addKey(admin);
      g.addKey(user);
      assertThatThrownBy(() -> g.addKey(admin)).isInstanceOf(FaceNetException.class);
      assertThat(other.keys()).containsExactly(admin, user);
      assertThat(other.key(user.id())).contains(user);
      assertThat(other.key("00000000000000cc")).isEmpty();
      Instant at = Instant.ofEpochMilli(1_800_000_000_456L);
      assertThat(g.revokeKey(user.id(), at)).isTrue();
      assertThat(g.revokeKey(user.id(), at)).isFalse();
      assertThat(g.revokeKey("00000000000000cc", at)).isFalse();
      ApiKey revoked = other.key(user.id()).orElseThrow();
      assertThat(revoked.revoked()).isEqualTo(at);
      assertThat(revoked.active()).isFalse();
      assertThat(other.key(admin.id()).orElseThrow().active()).isTrue();
      assertThat(g.people()).isEmpty(); // keys are not people, nor changes to them
      assertThat(g.audit(10)).isEmpty();
    }
  }

  @Test
  void nearestEqualsABruteForceExactlyAndApproximatelyAtThisSize() {
    try (Gallery g = open()) {
      for (int p = 0; p < 300; p++) {
        g.enroll(String.format("p%03d", p), encs(1 + p % 3));
      }
      g.enroll("other-model", List.of(enc(NN4, 128))); // never mixed in
      for (int t = 0; t < 15; t++) {
        Embedding q = enc(RESNET, 128);
        List<Neighbour> expected = bruteForce(g, q, 7, Double.POSITIVE_INFINITY);
        assertThat(g.nearest(q, 7, Double.POSITIVE_INFINITY, SearchMode.EXACT))
            .containsExactlyElementsOf(expected);
        // the graph re-measures its candidates exactly: on 300 people it finds the very same ones
        assertThat(g.nearest(q, 7, Double.POSITIVE_INFINITY, SearchMode.APPROXIMATE))
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void nearestHonoursTheLargestDistanceAndOtherModelsFindNothing() {
    try (Gallery g = open()) {
      g.enroll("ann", encs(2));
      Embedding stored = g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE).get(0);
      assertThat(g.nearest(stored, 5, 0.0)).containsExactly(new Neighbour("ann", 0.0));
      float[] farAway = new float[128];
      farAway[0] = 100;
      Embedding far = new Embedding(RESNET, Crops.WHOLE_IMAGE, farAway);
      assertThat(g.nearest(far, 5, 1.0)).isEmpty();
      assertThat(g.nearest(enc(NN4, 128), 5, Double.POSITIVE_INFINITY)).isEmpty();
      assertThatThrownBy(() -> g.nearest(stored, 0, 1.0)).isInstanceOf(FaceNetException.class);
      float[] nan = new float[128];
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> g.nearest(new Embedding(RESNET, Crops.WHOLE_IMAGE, nan), 1, 1.0))
          .hasMessageContaining("NaN");
    }
  }

  @Test
  void searchFollowsEnrolmentsAndRemovalsOfThisAndOtherHandles() {
    try (Gallery mine = open();
        Gallery theirs = open()) {
      Embedding ann = enc(RESNET, 128);
      mine.enroll("ann", List.of(ann));
      for (SearchMode mode : List.of(SearchMode.EXACT, SearchMode.APPROXIMATE)) {
        assertThat(theirs.nearest(ann, 1, 0.0, mode)).extracting(Neighbour::name).contains("ann");
      }
      long before = theirs.changes();
      theirs.remove("ann");
      theirs.enroll("bea", List.of(ann));
      assertThat(mine.changes()).isGreaterThan(before);
      for (SearchMode mode : List.of(SearchMode.EXACT, SearchMode.APPROXIMATE)) {
        assertThat(mine.nearest(ann, 3, 0.0, mode)).containsExactly(new Neighbour("bea", 0.0));
      }
      mine.rename("bea", "beatrice");
      assertThat(theirs.nearest(ann, 3, 0.0)).containsExactly(new Neighbour("beatrice", 0.0));
    }
    try (Gallery later = open()) { // a new process starts from the saved index
      assertThat(
              later.nearest(later.encodingsOf("beatrice", RESNET, Crops.WHOLE_IMAGE).get(0), 3, 0))
          .extracting(Neighbour::name)
          .containsExactly("beatrice");
    }
  }

  @Test
  void everyChangeMovesTheCounterAndReadsDoNot() {
    try (Gallery g = open()) {
      long c0 = g.changes();
      g.enroll("ann", encs(1));
      long c1 = g.changes();
      assertThat(c1).isGreaterThan(c0);
      g.people();
      g.nearest(enc(RESNET, 128), 1, 1.0);
      assertThat(g.changes()).isEqualTo(c1);
      g.rename("ann", "anna");
      long c2 = g.changes();
      assertThat(c2).isGreaterThan(c1);
      g.remove("anna");
      assertThat(g.changes()).isGreaterThan(c2);
    }
  }

  @Test
  void enrollAllAddsEverythingInOneGoAndExportGivesItBack() {
    List<Enrolment> in = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      in.add(new Enrolment("p" + (i % 40), enc(i % 5 == 0 ? NN4 : RESNET, 128)));
    }
    try (Gallery g = open()) {
      assertThat(g.enrollAll(in.iterator())).isEqualTo(500);
      assertThat(g.people()).hasSize(40);
      List<Enrolment> out = new ArrayList<>();
      assertThat(g.exportAll(out::add)).isEqualTo(500);
      // by name, then in the order they were added
      List<Enrolment> expected = in.stream().sorted(Comparator.comparing(Enrolment::name)).toList();
      assertThat(out).hasSize(500);
      for (int i = 0; i < out.size(); i++) {
        assertThat(out.get(i).name()).isEqualTo(expected.get(i).name());
        assertThat(out.get(i).embedding()).isEqualTo(expected.get(i).embedding());
      }
      Embedding q = in.get(1).embedding();
      assertThat(g.nearest(q, 1, 0.0)).containsExactly(new Neighbour(in.get(1).name(), 0.0));
    }
  }

  @Test
  void aBadEntryInEnrollAllNamesItAndStoresNothing() {
    try (Gallery g = open()) {
      g.enroll("ann", encs(1));
      long changes = g.changes();
      List<Enrolment> in = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        in.add(new Enrolment("q" + i, enc(RESNET, 128)));
      }
      in.add(new Enrolment("bad", enc(RESNET, 64))); // resnet is 128 long in this gallery
      assertThatThrownBy(() -> g.enrollAll(in.iterator()))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("entry 11");
      List<Enrolment> badName = List.of(new Enrolment("x/y\u0000", enc(RESNET, 128)));
      assertThatThrownBy(() -> g.enrollAll(badName.iterator())).hasMessageContaining("entry 1");
      assertThat(g.people()).extracting(Person::name).containsExactly("ann");
      assertThat(g.changes()).isEqualTo(changes);
    }
  }

  @Test
  void aNameMeansOnePersonWhateverItsCaseAndKeepsItsFirstSpelling() {
    try (Gallery g = open()) {
      g.enroll("Andrew", encs(2));
      g.enroll("andrew", encs(1));
      g.enroll("ANDREW", encs(1));
      assertThat(g.people())
          .containsExactly(new Person("Andrew", 4, List.of("resnet/whole-image")));
      assertThat(g.person("aNDREw")).map(Person::name).contains("Andrew");
      assertThat(g.contains("andrew")).isTrue();
      assertThat(g.encodingsOf("andrew", RESNET, Crops.WHOLE_IMAGE)).hasSize(4);
      // letters whose cases are not one-to-one, and Unicode's two forms of an accented letter
      g.enroll("Straße", encs(1));
      g.enroll("STRASSE", encs(1));
      g.enroll("Jos\u00e9", encs(1));
      g.enroll("JOSE\u0301", encs(1));
      assertThat(g.people())
          .extracting(Person::name, Person::encodings)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Andrew", 4),
              org.assertj.core.groups.Tuple.tuple("Jos\u00e9", 2),
              org.assertj.core.groups.Tuple.tuple("Straße", 2));
      // a bulk import folds its names the same way, within itself and against the gallery
      List<Enrolment> bulk =
          List.of(
              new Enrolment("bob", enc(RESNET, 128)),
              new Enrolment("Bob", enc(RESNET, 128)),
              new Enrolment("ANDREW", enc(RESNET, 128)));
      g.enrollAll(bulk.iterator());
      assertThat(g.person("BOB")).contains(new Person("bob", 2, List.of("resnet/whole-image")));
      assertThat(g.person("andrew")).map(Person::encodings).contains(5);
      // a new spelling of one's own name is allowed; another person's name in any case is not
      assertThat(g.rename("andrew", "ANDREW")).isTrue();
      assertThat(g.person("andrew")).map(Person::name).contains("ANDREW");
      assertThatThrownBy(() -> g.rename("bob", "andrew"))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("already in the gallery ('ANDREW')");
      assertThat(g.remove("Andrew")).isTrue();
      assertThat(g.contains("ANDREW")).isFalse();
      // listed as people read a list, case aside
      assertThat(g.people()).extracting(Person::name).containsExactly("bob", "Jos\u00e9", "Straße");
    }
  }

  /** Runs a statement on the store's own connection, as damage done from outside would. */
  static void raw(Gallery g, String sql, Object... args) {
    JdbcGallery j = (JdbcGallery) g;
    synchronized (j) {
      try (java.sql.PreparedStatement p = j.db.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          p.setObject(i + 1, args[i]);
        }
        p.execute();
        if (!j.db.getAutoCommit()) {
          j.db.commit();
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The id of a person's first encoding. */
  static long firstEncodingOf(Gallery g, String name) {
    JdbcGallery j = (JdbcGallery) g;
    synchronized (j) {
      try (java.sql.PreparedStatement p =
          j.db.prepareStatement(
              "SELECT min(e.id) FROM encoding e JOIN person p ON p.id = e.person_id WHERE p.name = ?")) {
        p.setString(1, name);
        try (java.sql.ResultSet r = p.executeQuery()) {
          r.next();
          long id = r.getLong(1);
          if (!j.db.getAutoCommit()) {
            j.db.commit();
          }
          return id;
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aDamagedEncodingIsReportedWhereverItIsReadAndNeverUsed() {
    float[] nan = new float[128];
    nan[7] = Float.NaN;
    Object[][] damages = {
      {"vector = ?", new byte[3], "its vector has 3 bytes where 128 values take 512"},
      {"vector = ?", JdbcGallery.toBytes(nan), "value 8 of 128 is NaN"},
      {
        "dimension = 64, vector = ?",
        new byte[256],
        "it has 64 values where encodings of resnet/whole-image have 128"
      },
    };
    for (Object[] damage : damages) {
      try (Gallery g = open()) {
        for (Person p : g.people()) {
          g.remove(p.name());
        }
        g.enroll("ann", encs(3));
        g.enroll("bob", encs(2));
        long id = firstEncodingOf(g, "bob");
        raw(g, "UPDATE encoding SET " + damage[0] + " WHERE id = ?", damage[1], id);
        String expected = "gallery damaged: encoding " + id + " of bob (" + damage[2] + ")";
        Embedding q = enc(RESNET, 128);
        try (Gallery other = open()) { // a new handle reads the rows again to search
          assertThatThrownBy(() -> other.nearest(q, 1, 10.0))
              .isInstanceOf(dev.facenet.common.GalleryDamagedException.class)
              .hasMessageStartingWith(expected);
        }
        assertThatThrownBy(() -> g.encodingsOf("bob", RESNET, Crops.WHOLE_IMAGE))
            .isInstanceOf(dev.facenet.common.GalleryDamagedException.class)
            .hasMessageStartingWith(expected);
        assertThatThrownBy(() -> g.encodings(RESNET, Crops.WHOLE_IMAGE))
            .hasMessageStartingWith(expected);
        assertThatThrownBy(() -> g.exportAll(e -> {})).hasMessageStartingWith(expected);
        // the others' encodings are still read, and the damaged person can still be removed
        assertThat(g.encodingsOf("ann", RESNET, Crops.WHOLE_IMAGE)).hasSize(3);
        assertThat(g.remove("bob")).isTrue();
        assertThat(g.encodings(RESNET, Crops.WHOLE_IMAGE)).containsOnlyKeys("ann");
      }
    }
  }

  @Test
  void aPersonWhoseOnlyEncodingHasAnotherLengthThanItsModelMakesIsDamagedNotCompared() {
    // read alone, the row agrees with itself: only the model's own dimension shows it is wrong
    try (Gallery g = open()) {
      g.enroll("ann", encs(1));
      g.enroll("bob", encs(1));
      long id = firstEncodingOf(g, "bob");
      raw(g, "UPDATE encoding SET dimension = 64, vector = ? WHERE id = ?", new byte[256], id);
      assertThatThrownBy(() -> g.encodingsOf("bob", RESNET, Crops.WHOLE_IMAGE))
          .isInstanceOf(dev.facenet.common.GalleryDamagedException.class)
          .hasMessageStartingWith(
              "gallery damaged: encoding "
                  + id
                  + " of bob (it has 64 values where encodings of resnet/whole-image have 128)");
      assertThat(g.check().problems())
          .extracting(GalleryCheck.Problem::kind)
          .containsExactly(GalleryCheck.Kind.DAMAGED_ENCODING);
    }
  }

  @Test
  void checkListsEveryDamagedRowWithoutChangingAnythingAndRepairRemovesOnlyThose() {
    try (Gallery g = open()) {
      g.enroll("ann", encs(3));
      g.enroll("bob", encs(2));
      g.enroll("carl", encs(1));
      assertThat(g.check().clean()).isTrue();
      assertThat(g.check().notes())
          .contains("3 people", "6 encodings of resnet/whole-image (128 values)");
      long bob = firstEncodingOf(g, "bob");
      long carl = firstEncodingOf(g, "carl");
      float[] nan = new float[128];
      nan[0] = Float.NaN;
      raw(g, "UPDATE encoding SET vector = ? WHERE id = ?", new byte[3], bob);
      raw(g, "UPDATE encoding SET vector = ? WHERE id = ?", JdbcGallery.toBytes(nan), carl);
      long changes = g.changes();

      GalleryCheck found = g.check();
      assertThat(found.problems())
          .containsExactly(
              new GalleryCheck.Problem(
                  GalleryCheck.Kind.DAMAGED_ENCODING,
                  "encoding "
                      + bob
                      + " of bob (resnet/whole-image): its vector has 3 bytes where 128 values"
                      + " take 512"),
              new GalleryCheck.Problem(
                  GalleryCheck.Kind.DAMAGED_ENCODING,
                  "encoding " + carl + " of carl (resnet/whole-image): value 1 of 128 is NaN"));
      assertThat(g.changes()).as("a check changes nothing").isEqualTo(changes);
      assertThat(g.check()).isEqualTo(found);

      Actor admin = new Actor("local user admin");
      GalleryCheck removed = g.repair(admin);
      assertThat(removed.problems())
          .extracting(GalleryCheck.Problem::kind)
          .containsExactly(
              GalleryCheck.Kind.DAMAGED_ENCODING,
              GalleryCheck.Kind.DAMAGED_ENCODING,
              GalleryCheck.Kind.EMPTY_PERSON); // carl had nothing else
      assertThat(g.check().clean()).isTrue();
      assertThat(g.people())
          .extracting(Person::name, Person::encodings)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("ann", 3),
              org.assertj.core.groups.Tuple.tuple("bob", 1));
      assertThat(g.audit(1))
          .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::encodings)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("repair", admin.label(), 2L));
      assertThat(g.changes()).isGreaterThan(changes);
      // searches work again, from indexes rebuilt without the removed rows
      Embedding q = g.encodingsOf("bob", RESNET, Crops.WHOLE_IMAGE).get(0);
      try (Gallery other = open()) {
        assertThat(other.nearest(q, 1, 0.0)).containsExactly(new Neighbour("bob", 0.0));
      }
      assertThat(g.nearest(q, 5, 10.0)).extracting(Neighbour::name).containsExactly("bob", "ann");
      assertThat(g.repair(admin).problems()).as("nothing left to repair").isEmpty();
      assertThat(g.audit(1)).extracting(AuditEntry::action).containsExactly("repair");
    }
  }

  static ContentHash hash(int i) {
    return ContentHash.of(("picture " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void pictureHashesAreStoredAndAskedAboutByModelAndCropInBulk() {
    try (Gallery g = open()) {
      assertThat(g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of(hash(1)))).isEmpty();
      g.enroll("ann", encs(2), List.of(hash(1), hash(2)));
      g.enroll("old", encs(1)); // no picture known
      List<Enrolment> bulk = new ArrayList<>();
      bulk.add(new Enrolment("bob", enc(RESNET, 128), hash(3)));
      bulk.add(new Enrolment("bob", enc(RESNET, 128), hash(1))); // the same picture as ann's
      bulk.add(new Enrolment("bob", enc(NN4, 128), hash(4))); // another model
      bulk.add(new Enrolment("carl", enc(RESNET, 128)));
      // enough others that the question takes several queries (JdbcGallery.HASHES_PER_QUERY)
      for (int i = 100; i < 1300; i++) {
        bulk.add(new Enrolment("p" + i % 7, enc(RESNET, 128), hash(i)));
      }
      assertThat(g.enrollAll(bulk.iterator())).isEqualTo(bulk.size());

      List<ContentHash> asked = new ArrayList<>(List.of(hash(1), hash(2), hash(3), hash(4)));
      asked.add(hash(5)); // never stored
      asked.add(hash(1)); // asked twice
      for (int i = 100; i < 1300; i++) {
        asked.add(hash(i));
      }
      Map<ContentHash, Set<String>> resnet = g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, asked);
      assertThat(resnet).hasSize(3 + 1200);
      assertThat(resnet.get(hash(1))).containsExactlyInAnyOrder("ann", "bob");
      assertThat(resnet.get(hash(2))).containsExactly("ann");
      assertThat(resnet.get(hash(3))).containsExactly("bob");
      assertThat(resnet.get(hash(1299))).containsExactly("p" + 1299 % 7);
      assertThat(resnet).doesNotContainKeys(hash(4), hash(5));
      assertThat(g.enrolledPictures(NN4, Crops.WHOLE_IMAGE, asked))
          .containsExactly(Map.entry(hash(4), Set.of("bob")));
      assertThat(g.enrolledPictures(RESNET, "dlib-chip-150", asked)).isEmpty();
      assertThat(g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of())).isEmpty();

      // the hashes follow their person through a rename and leave with them
      g.rename("ann", "anna");
      g.remove("bob");
      assertThat(g.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of(hash(1), hash(3))))
          .containsExactly(Map.entry(hash(1), Set.of("anna")));

      // export gives every hash back, and none where none was stored
      Map<String, List<ContentHash>> exported = new HashMap<>();
      g.exportAll(e -> exported.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e.picture()));
      assertThat(exported.get("anna")).containsExactly(hash(1), hash(2));
      assertThat(exported.get("old")).containsOnlyNulls().hasSize(1);
      assertThat(exported.get("carl")).containsOnlyNulls().hasSize(1);
    }
    try (Gallery later = open()) { // stored, not remembered by the handle
      assertThat(later.enrolledPictures(RESNET, Crops.WHOLE_IMAGE, List.of(hash(2))))
          .containsOnlyKeys(hash(2));
    }
  }
}
