package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.AuditEntry;
import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.PersonData;
import dev.facenet.common.SearchMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who asks what is kept about them gets all of it, and a removed person leaves no trace:
 * the bytes of their vectors are found nowhere in the gallery's files (the database, its journal,
 * the saved search indexes, before and after VACUUM), and the audit no longer names them, while the
 * others' vectors are still there to be found (so the scan can fail).
 */
class ErasureTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(7);

  private List<Embedding> encs(int n) {
    List<Embedding> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[128];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) (random.nextGaussian() * 0.1);
      }
      out.add(new Embedding("resnet", Crops.WHOLE_IMAGE, v));
    }
    return out;
  }

  /** A vector's bytes as the stores write them: little-endian in the database, big in indexes. */
  private static List<byte[]> patterns(Embedding e) {
    List<byte[]> out = new ArrayList<>();
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      ByteBuffer b = ByteBuffer.allocate(4 * 128).order(order);
      b.asFloatBuffer().put(e.values());
      // the first 32 values: long enough never to occur by chance, short of any page boundary
      out.add(java.util.Arrays.copyOf(b.array(), 128));
    }
    return out;
  }

  /** Every file of the gallery: the database, its journal or WAL, and the saved indexes. */
  private List<Path> files(Path db) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).forEach(out::add);
    }
    assertThat(out).contains(db);
    return out;
  }

  private int found(Path db, List<Embedding> encodings) throws IOException {
    int n = 0;
    for (Path f : files(db)) {
      byte[] content = Files.readAllBytes(f);
      for (Embedding e : encodings) {
        for (byte[] p : patterns(e)) {
          if (indexOf(content, p) >= 0) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aRemovedPersonLeavesNoVectorInAnyFileAndNoNameInTheAudit() throws Exception {
    Path db = dir.resolve("people.db");
    List<Embedding> ann = encs(3);
    List<Embedding> bob = encs(4);
    List<Embedding> carl = encs(2);
    try (SqliteGallery g = SqliteGallery.open(db)) {
      g.enroll("ann", ann);
      g.enroll("Bob", bob);
      g.enroll("carl", carl);
      g.rename("carl", "Carl");
      // both kinds of index are built and saved when the handle closes
      g.nearest(ann.get(0), 1, 0.0, SearchMode.EXACT);
      g.nearest(ann.get(0), 1, 0.0, SearchMode.APPROXIMATE);
    }
    assertThat(found(db, bob)).as("the scan finds what is there").isGreaterThanOrEqualTo(4 * 2);

    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      PersonData asked = g.about("bob").orElseThrow();
      assertThat(asked.name()).isEqualTo("Bob");
      assertThat(asked.encodings()).hasSize(4);
      assertThat(asked.encodings().get(0).vector()).containsExactly(bob.get(0).values());
      assertThat(asked.audit()).extracting(AuditEntry::action).containsExactly("enroll");
      assertThat(g.about("carl").orElseThrow().audit())
          .extracting(AuditEntry::action, AuditEntry::person)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("enroll", "carl"),
              org.assertj.core.groups.Tuple.tuple("rename", "carl -> Carl"));

      // a handle that never searched: the saved indexes on disk still hold Bob, so they go
      assertThat(g.remove("bob")).isTrue();
    }
    assertThat(found(db, bob)).as("Bob's vectors after removal").isZero();
    assertThat(found(db, ann)).as("ann's are still there").isPositive();

    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      // a handle whose indexes are open applies the removal and saves them without Carl
      g.nearest(ann.get(0), 1, 0.0, SearchMode.EXACT);
      g.nearest(ann.get(0), 1, 0.0, SearchMode.APPROXIMATE);
      assertThat(g.remove("carl")).isTrue();
      assertThat(g.about("Bob")).isEmpty();
      assertThat(g.audit(100))
          .extracting(AuditEntry::person)
          .noneMatch(p -> p != null && (p.contains("Bob") || p.contains("arl")));
      assertThat(g.audit(100))
          .extracting(AuditEntry::action, AuditEntry::person)
          .contains(
              org.assertj.core.groups.Tuple.tuple("remove", "removed person #2"),
              org.assertj.core.groups.Tuple.tuple("enroll", "removed person #2"),
              org.assertj.core.groups.Tuple.tuple("rename", "removed person #3"));
    }
    assertThat(found(db, carl)).as("Carl's vectors after removal").isZero();
    assertThat(found(db, bob)).isZero();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("VACUUM");
    }
    assertThat(found(db, bob) + found(db, carl)).as("after VACUUM").isZero();
    assertThat(found(db, ann)).isPositive();
    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      assertThat(g.nearest(ann.get(1), 1, 0.0, SearchMode.APPROXIMATE)).hasSize(1);
      assertThat(g.check().clean()).isTrue();
    }
  }
}
