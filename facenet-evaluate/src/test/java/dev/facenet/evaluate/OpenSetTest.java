package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NIST-style open-set figures on hand-placed encodings, laid out so that every split gives the
 * same searches and the answer can be worked out by hand.
 */
class OpenSetTest {
  @TempDir Path tmp;

  /*
   * Four people s1..s4 with three pictures each, in 12 dimensions. Person p's first picture is the unit
   * vector e_p (the enrolled one), so any two enrolled pictures are sqrt(2) apart. Picture 2 is e_p + 0.3 f,
   * picture 3 is e_p + 1.45 g, with f and g axes of their own (every picture has its own axis). Whoever is
   * enrolled, then:
   *   mated searches: picture 2 is 0.3 from its own person, sqrt(2.09) = 1.4457 from the other enrolled one;
   *                   picture 3 is 1.45 from its own, sqrt(4.1025) = 2.0255 from the other.
   *   non-mated:      a stranger's picture 1 is sqrt(2) = 1.4142 from both enrolled people (a tie),
   *                   picture 2 is 1.4457 from both, picture 3 is 2.0255 from both.
   * Each split: 2 enrolled, 2 strangers, so 4 mated and 6 non-mated searches; 12 pictures, about 6 of them
   * strangers', so 2000 / 6 -> 334 splits, capped at 200: 800 mated, 1200 non-mated searches.
   * FPIR 1%: 12 of the 1200 may be false alarms; the 13th smallest stranger distance is 1.4142, and no
   * distance is under it: the threshold is 1.4142, FPIR reached 0, and the 400 pictures 3 at 1.45 are missed
   * (FNIR 0.5). FPIR 0.1%: 1 allowed, the same threshold. At threshold 1.5: every mated search is right
   * (picture 3's second person is at 2.03, over it); the strangers' pictures 1 and 2 (800) are named without a
   * margin and ambiguous with one (both people at the same distance, under 1.5).
   */
  @Test
  void fnirAtFpirAndTheDecisionsOnHandPlacedEncodings() throws Exception {
    Path root = tmp.resolve("four");
    Map<Path, EncodedPicture> enc = new LinkedHashMap<>();
    int axis = 4;
    for (int p = 0; p < 4; p++) {
      for (int k = 1; k <= 3; k++) {
        String person = "s" + (p + 1);
        Path f = root.resolve(person).resolve(k + ".pgm");
        Files.createDirectories(f.getParent());
        Files.copy(Fixtures.orl().resolve(person + "/" + k + ".pgm"), f);
        float[] v = new float[12];
        v[p] = 1;
        if (k == 2) {
          v[axis++] = 0.3f;
        } else if (k == 3) {
          v[axis++] = 1.45f;
        }
        enc.put(f, new EncodedPicture(new Embedding("hand", Crops.WHOLE_IMAGE, v), true));
      }
    }
    Dataset d = Dataset.scan(root);
    EncodingTable table = EncodingTable.of(enc);

    OpenSetReport r = OpenSet.measure(d, table, List.of(1.5), 0.05, 7);
    assertThat(r.splits()).isEqualTo(OpenSet.MAX_SPLITS);
    assertThat(r.galleryPeople()).isEqualTo(2);
    assertThat(r.strangers()).isEqualTo(2);
    assertThat(r.matedSearches()).isEqualTo(800);
    assertThat(r.nonMatedSearches()).isEqualTo(1200);
    assertThat(r.atFpir()).hasSize(2);
    for (OpenSetReport.AtFpir p : r.atFpir()) {
      assertThat(p.threshold()).isCloseTo(Math.sqrt(2), within(1e-6));
      assertThat(p.fpir()).isZero();
      assertThat(p.fnir()).isEqualTo(0.5);
      assertThat(p.enoughSearches()).isTrue();
    }
    assertThat(r.atFpir())
        .extracting(OpenSetReport.AtFpir::targetFpir)
        .containsExactly(0.01, 0.001);

    assertThat(r.atThresholds()).hasSize(1);
    assertThat(r.atThresholds().get(0).threshold()).isEqualTo(1.5);
    OpenSetReport.Decisions plain = r.atThresholds().get(0).plain();
    assertThat(plain.matedRight()).isEqualTo(800);
    assertThat(plain.matedWrong() + plain.matedRejected() + plain.matedAmbiguous()).isZero();
    assertThat(plain.nonMatedNamed()).isEqualTo(800);
    assertThat(plain.nonMatedAmbiguous()).isZero();
    assertThat(plain.fpir()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(plain.fnir()).isZero();

    OpenSetReport.Decisions margin = r.atThresholds().get(0).withMargin();
    assertThat(margin.matedRight()).isEqualTo(800);
    assertThat(margin.nonMatedNamed()).isZero();
    assertThat(margin.nonMatedAmbiguous()).isEqualTo(800);
    assertThat(margin.fpir()).isZero();

    // At 1.42 the pictures 3 (1.45 from their own person) are rejected, and the strangers' pictures
    // 1
    // (1.4142) named.
    OpenSetReport.AtThreshold tight =
        OpenSet.measure(d, table, List.of(1.42), 0, 7).atThresholds().get(0);
    assertThat(tight.plain().matedRight()).isEqualTo(400);
    assertThat(tight.plain().matedRejected()).isEqualTo(400);
    assertThat(tight.plain().nonMatedNamed()).isEqualTo(400);
    assertThat(tight.withMargin()).isEqualTo(tight.plain()); // margin 0 changes nothing
  }

  @Test
  void fewerThanFourPeopleCannotBeHalvedIntoEnrolledAndStrangers() throws Exception {
    Path root = tmp.resolve("three");
    Map<Path, EncodedPicture> enc = new LinkedHashMap<>();
    for (int p = 1; p <= 3; p++) {
      for (int k = 1; k <= 2; k++) {
        Path f = root.resolve("s" + p).resolve(k + ".pgm");
        Files.createDirectories(f.getParent());
        Files.copy(Fixtures.orl().resolve("s" + p + "/" + k + ".pgm"), f);
        enc.put(
            f,
            new EncodedPicture(new Embedding("hand", Crops.WHOLE_IMAGE, new float[] {p, k}), true));
      }
    }
    Dataset d = Dataset.scan(root);
    assertThatThrownBy(() -> OpenSet.measure(d, EncodingTable.of(enc), List.of(0.6), 0.03, 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("at least 4 people");
  }
}
