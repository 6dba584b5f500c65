package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.Embedding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk recognition and enrolment on real ORL pictures give, picture by picture and in input order,
 * exactly what the one-picture calls give, and a bad picture only costs its own answer.
 */
class BulkTest {
  static final Path ORL = Path.of(System.getProperty("facenet.shared"), "fixtures", "orl");

  @TempDir Path dir;

  @Test
  void recognizeEachGivesBitForBitWhatRecognizeAllGivesInInputOrder() throws IOException {
    Path gallery = dir.resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      for (int s = 1; s <= 4; s++) {
        faces.enroll("s" + s, ORL.resolve("s" + s + "/1.pgm"), ORL.resolve("s" + s + "/2.pgm"));
      }
      Path bad = Files.writeString(dir.resolve("bad.pgm"), "not a picture", StandardCharsets.UTF_8);
      List<Path> probes = new ArrayList<>();
      for (int k = 5; k <= 7; k++) {
        for (int s = 1; s <= 4; s++) {
          probes.add(ORL.resolve("s" + s + "/" + k + ".pgm"));
        }
      }
      probes.add(5, bad);
      for (int workers : new int[] {1, 2, 3}) {
        List<PictureResult> bulk = new ArrayList<>();
        faces.recognizeEach(probes, 0.6, 2, workers, bulk::add);
        assertThat(bulk).extracting(PictureResult::image).containsExactlyElementsOf(probes);
        for (int i = 0; i < probes.size(); i++) {
          PictureResult r = bulk.get(i);
          if (probes.get(i).equals(bad)) {
            assertThat(r.failed()).isTrue();
            assertThat(r.error()).contains("bad.pgm").doesNotContain("\n");
            assertThat(r.faces()).isEmpty();
            continue;
          }
          assertThat(r.failed()).as(r.error()).isFalse();
          List<FaceMatch> alone = faces.recognizeAll(probes.get(i), 0.6, 2);
          assertThat(r.faces()).as("%s with %d workers", probes.get(i), workers).hasSize(1);
          assertThat(r.faces()).isEqualTo(alone); // records: boxes, names, distances bit for bit
          String person = probes.get(i).getParent().getFileName().toString();
          assertThat(r.faces().get(0).match().name()).isEqualTo(person);
        }
      }
    }
  }

  @Test
  void enrollDatasetStoresTheGoodPicturesAndListsTheOthers() throws IOException {
    Path root = dir.resolve("dataset");
    List<Path> good = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      Path person = Files.createDirectories(root.resolve("s" + s));
      for (int k = 1; k <= 2; k++) {
        good.add(Files.copy(ORL.resolve("s" + s + "/" + k + ".pgm"), person.resolve(k + ".pgm")));
      }
    }
    Path notes = Files.writeString(root.resolve("s1/notes.txt"), "notes");
    Path text = Files.writeString(root.resolve("s2/text.jpg"), "not a picture");
    Files.writeString(root.resolve("readme.md"), "three people");
    Path gallery = dir.resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      DatasetFolder folder = DatasetFolder.scan(root);
      assertThat(folder.pictures()).hasSize(7);
      List<PictureEncoding> seen = new ArrayList<>();
      DatasetEnrolment done = faces.enrollDataset(folder, seen::add);
      assertThat(seen)
          .extracting(PictureEncoding::image)
          .containsExactlyElementsOf(folder.pictures().stream().map(p -> p.image()).toList());
      assertThat(done.people()).isEqualTo(3);
      assertThat(done.pictures()).isEqualTo(6);
      assertThat(done.skipped())
          .extracting(DatasetFolder.Skipped::file)
          .containsExactly(root.resolve("readme.md"), notes, text);
      assertThat(faces.people()).extracting(p -> p.name()).containsExactly("s1", "s2", "s3");
      // what was stored is what one-picture enrolment would have stored, bit for bit
      List<Embedding> alone = faces.encodeForEnrollment("s1", good.subList(0, 2));
      List<float[]> bulk = new ArrayList<>();
      faces.encodeEach(good.subList(0, 2), 2, e -> bulk.add(e.embedding().values()));
      assertThat(bulk.get(0)).containsExactly(alone.get(0).values());
      assertThat(bulk.get(1)).containsExactly(alone.get(1).values());
    }
  }
}
