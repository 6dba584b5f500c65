package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.ContentHash;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.embed.BatchingEncoder;
import dev.facenet.gallery.SqliteGallery;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk recognition and enrolment on real ORL pictures give, picture by picture and in input order,
 * exactly what the one-picture calls give, and a bad picture only costs its own answer. Bulk
 * enrolment is resumable: a run encodes only the pictures the gallery does not hold yet (counted at
 * the encoder's queue, not timed), and a run cut short keeps its committed batches.
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
      List<DatasetPicture> seen = new ArrayList<>();
      DatasetEnrolment done = faces.enrollDataset(folder, seen::add);
      assertThat(seen)
          .extracting(DatasetPicture::image)
          .containsExactlyElementsOf(folder.pictures().stream().map(p -> p.image()).toList());
      assertThat(seen)
          .filteredOn(p -> p.outcome() == DatasetPicture.Outcome.REFUSED)
          .extracting(DatasetPicture::image)
          .containsExactly(text);
      assertThat(done.people()).isEqualTo(3);
      assertThat(done.pictures()).isEqualTo(6);
      assertThat(done.alreadyEnrolled()).isZero();
      assertThat(done.refused())
          .extracting(DatasetFolder.Skipped::file)
          .containsExactly(root.resolve("readme.md"), notes, text);
      assertThat(done.warnings()).isEmpty();
      assertThat(faces.people()).extracting(p -> p.name()).containsExactly("s1", "s2", "s3");
      // what was stored is what one-picture enrolment would have stored, bit for bit
      List<Embedding> alone = faces.encodeForEnrollment("s1", good.subList(0, 2));
      List<float[]> bulk = new ArrayList<>();
      faces.encodeEach(good.subList(0, 2), 2, e -> bulk.add(e.embedding().values()));
      assertThat(bulk.get(0)).containsExactly(alone.get(0).values());
      assertThat(bulk.get(1)).containsExactly(alone.get(1).values());
    }
  }

  /** ORL people 1 to {@code people}, pictures 1 to {@code each}, in a folder per person. */
  private Path orlDataset(Path root, int people, int each) throws IOException {
    for (int s = 1; s <= people; s++) {
      Path person = Files.createDirectories(root.resolve("s" + s));
      for (int k = 1; k <= each; k++) {
        Files.copy(ORL.resolve("s" + s + "/" + k + ".pgm"), person.resolve(k + ".pgm"));
      }
    }
    return root;
  }

  /** How many face chips this instance's encoder has encoded so far. */
  private static long encoded(FaceNet faces) {
    return ((BatchingEncoder) faces.encoder()).queue().items();
  }

  @Test
  void aRepeatedRunEncodesNothingAndANewPictureIsTheOnlyOneEncoded() throws IOException {
    Path root = orlDataset(dir.resolve("dataset"), 3, 4);
    Path copy = Files.copy(root.resolve("s1/1.pgm"), root.resolve("s1/copy.pgm"));
    Path misfiled = Files.copy(root.resolve("s1/2.pgm"), root.resolve("s3/misfiled.pgm"));
    Path blank = root.resolve("s2/blank.png");
    ImageIO.write(new BufferedImage(92, 112, BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
    Path gallery = dir.resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      // enrolled one by one before, from the original file: the same content is done already
      faces.enroll("s3", ORL.resolve("s3/1.pgm"));
      long before = encoded(faces);

      DatasetEnrolment first = faces.enrollDataset(DatasetFolder.scan(root), 2, 5, p -> {});
      assertThat(encoded(faces) - before).isEqualTo(12); // 11 of the folders + misfiled
      assertThat(first.pictures()).isEqualTo(12);
      assertThat(first.people()).isEqualTo(3);
      assertThat(first.alreadyEnrolled()).isEqualTo(1);
      assertThat(first.refused())
          .containsExactly(
              new DatasetFolder.Skipped(copy, "the same picture as " + root.resolve("s1/1.pgm")),
              new DatasetFolder.Skipped(blank, blank + ": no face found"));
      assertThat(first.warnings())
          .containsExactly(
              new DatasetEnrolment.Warning(
                  misfiled, "the same picture as " + root.resolve("s1/2.pgm") + " (s1)"));
      assertThat(faces.people()).extracting(p -> p.encodings()).containsExactly(4, 4, 5);

      List<DatasetPicture> seen = new ArrayList<>();
      before = encoded(faces);
      DatasetEnrolment second = faces.enrollDataset(DatasetFolder.scan(root), seen::add);
      assertThat(encoded(faces) - before).as("a repeated run encodes nothing").isZero();
      assertThat(second.pictures()).isZero();
      assertThat(second.people()).isZero();
      assertThat(second.alreadyEnrolled()).isEqualTo(13);
      assertThat(second.refused()).isEqualTo(first.refused());
      assertThat(second.warnings()).isEmpty(); // said when it was stored
      assertThat(seen).hasSize(15);
      assertThat(seen)
          .filteredOn(p -> p.outcome() == DatasetPicture.Outcome.ALREADY_ENROLLED)
          .hasSize(13);
      assertThat(faces.people()).extracting(p -> p.encodings()).containsExactly(4, 4, 5);

      Path added = Files.copy(ORL.resolve("s2/5.pgm"), root.resolve("s2/5.pgm"));
      seen.clear();
      before = encoded(faces);
      DatasetEnrolment third = faces.enrollDataset(DatasetFolder.scan(root), seen::add);
      assertThat(encoded(faces) - before).isEqualTo(1);
      assertThat(third.pictures()).isEqualTo(1);
      assertThat(third.alreadyEnrolled()).isEqualTo(13);
      assertThat(seen)
          .filteredOn(p -> p.outcome() == DatasetPicture.Outcome.ENCODED)
          .extracting(DatasetPicture::image)
          .containsExactly(added);
      assertThat(faces.people()).extracting(p -> p.encodings()).containsExactly(4, 5, 5);
    }
  }

  @Test
  void aRunCutShortKeepsItsBatchesAndTheNextRunEndsWhereAnUninterruptedOneWould()
      throws IOException {
    Path root = orlDataset(dir.resolve("dataset"), 4, 5);
    DatasetFolder folder = DatasetFolder.scan(root);
    Path whole = dir.resolve("whole.db");
    try (FaceNet faces = FaceNet.builder().gallery(whole).build()) {
      assertThat(faces.enrollDataset(folder, 2, 4, p -> {}).pictures()).isEqualTo(20);
    }

    Path cut = dir.resolve("cut.db");
    try (FaceNet faces = FaceNet.builder().gallery(cut).build()) {
      AtomicInteger seen = new AtomicInteger();
      // stands in for Ctrl-C or a crash: the run stops in the middle of its third batch
      assertThatThrownBy(
              () ->
                  faces.enrollDataset(
                      folder,
                      2,
                      4,
                      p -> {
                        if (seen.incrementAndGet() == 10) {
                          throw new IllegalStateException("stopped");
                        }
                      }))
          .hasMessage("stopped");
    }
    List<Enrolment> kept = export(cut);
    assertThat(kept).as("the two batches committed before the stop").hasSize(8);

    try (FaceNet faces = FaceNet.builder().gallery(cut).build()) {
      long before = encoded(faces);
      DatasetEnrolment rest = faces.enrollDataset(folder, 2, 4, p -> {});
      assertThat(encoded(faces) - before).isEqualTo(12);
      assertThat(rest.pictures()).isEqualTo(12);
      assertThat(rest.alreadyEnrolled()).isEqualTo(8);
    }
    // names, order, every float and every picture hash
    List<Enrolment> resumed = export(cut);
    List<Enrolment> uninterrupted = export(whole);
    assertThat(resumed).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(resumed.get(i).name()).isEqualTo(uninterrupted.get(i).name());
      assertThat(resumed.get(i).embedding()).isEqualTo(uninterrupted.get(i).embedding());
      assertThat(resumed.get(i).picture()).isEqualTo(uninterrupted.get(i).picture());
    }
    assertThat(uninterrupted.get(0).picture()).isEqualTo(ContentHash.of(ORL.resolve("s1/1.pgm")));
  }

  private static List<Enrolment> export(Path gallery) {
    List<Enrolment> out = new ArrayList<>();
    try (SqliteGallery g = SqliteGallery.openExisting(gallery)) {
      g.exportAll(out::add);
    }
    return out;
  }
}
