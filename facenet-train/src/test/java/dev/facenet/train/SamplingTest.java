package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P x K batches, augmentation and the held-out pairs. */
class SamplingTest {
  @TempDir Path tmp;

  @Test
  void batchesArePPeopleTimesKPicturesAndTheSameForTheSameSeed() throws IOException {
    Fixtures.orlSubset(tmp, 1, 5, 4);
    ChipSet set = ChipSet.read(tmp, ChipMaker.wholeImage(), 32, w -> {});
    PkSampler s = new PkSampler(set, 3, 3, 11);
    // 20 pictures / 9 per batch -> 2 batches per epoch.
    assertThat(s.batchesPerEpoch()).isEqualTo(2);
    List<PkSampler.Batch> e1 = s.epoch(1);
    for (PkSampler.Batch b : e1) {
      assertThat(b.size()).isEqualTo(9);
      Set<Integer> people = new HashSet<>();
      for (int i = 0; i < 9; i += 3) {
        people.add(b.people()[i]);
        assertThat(b.people()[i + 1]).isEqualTo(b.people()[i]);
        assertThat(b.people()[i + 2]).isEqualTo(b.people()[i]);
        // 4 pictures each, K = 3: three different pictures.
        assertThat(Set.of(b.chips()[i], b.chips()[i + 1], b.chips()[i + 2])).hasSize(3);
      }
      assertThat(people).hasSize(3);
    }
    List<PkSampler.Batch> again = new PkSampler(set, 3, 3, 11).epoch(1);
    for (int i = 0; i < e1.size(); i++) {
      assertThat(again.get(i).people()).isEqualTo(e1.get(i).people());
      assertThat(again.get(i).chips()).isEqualTo(e1.get(i).chips());
    }
    assertThat(s.epoch(2).get(0).chips()).isNotEqualTo(e1.get(0).chips());
  }

  @Test
  void morePicturesPerPersonThanThereAreRepeatsThem() throws IOException {
    Fixtures.orlSubset(tmp, 1, 2, 2);
    ChipSet set = ChipSet.read(tmp, ChipMaker.wholeImage(), 32, w -> {});
    PkSampler.Batch b = new PkSampler(set, 5, 4, 3).epoch(1).get(0);
    assertThat(b.size()).isEqualTo(8); // P is capped at the 2 people there are
    assertThat(b.chips()).containsOnly(0, 1);
  }

  @Test
  void augmentationIsSeededAndNoneKeepsTheChip() throws IOException {
    Fixtures.orlSubset(tmp, 1, 2, 2);
    ChipSet set = ChipSet.read(tmp, ChipMaker.wholeImage(), 96, w -> {});
    ChipFormat f = new ChipFormat(96, new float[] {0, 0, 0}, 255f);
    byte[] chip = set.identities().get(0).chips().get(0).pixels();
    float[] plain = new float[f.floats()];
    Augmenter.NONE.apply(chip, f, new Random(1), plain, 0);
    assertThat(plain[1234]).isEqualTo((chip[1234] & 0xff) / 255f);
    float[] a = new float[f.floats()];
    float[] b = new float[f.floats()];
    Augmenter.LIGHT.apply(chip, f, new Random(5), a, 0);
    Augmenter.LIGHT.apply(chip, f, new Random(5), b, 0);
    assertThat(a).isEqualTo(b).isNotEqualTo(plain);
    // A pure flip mirrors every row.
    float[] flipped = new float[f.floats()];
    Random alwaysFlip =
        new Random() {
          @Override
          public boolean nextBoolean() {
            return true;
          }
        };
    new Augmenter(true, 0, 0, 0, 0).apply(chip, f, alwaysFlip, flipped, 0);
    assertThat(flipped[10 * 96 + 3]).isEqualTo(plain[10 * 96 + 92]);
  }

  @Test
  void heldOutPairsAreBalancedAndTheBestThresholdIsFound() {
    int[] labels = {0, 0, 0, 1, 1, 1, 2, 2};
    HeldOutPairs pairs = HeldOutPairs.balanced(labels, 3);
    // Same-person pairs: 3 + 3 + 1 = 7; as many different-person pairs.
    assertThat(pairs.size()).isEqualTo(14);
    // Distances: same pairs 0.2, 0.3, 0.5; different pairs 0.4, 0.9, 1.0 -> 0.35 (or 0.7) gets 5 of
    // 6; ties go to the lower.
    HeldOutPairs.Result r =
        HeldOutPairs.bestThreshold(
            new double[] {0.2, 0.3, 0.5, 0.4, 0.9, 1.0},
            new boolean[] {true, true, true, false, false, false});
    assertThat(r.accuracy()).isEqualTo(5.0 / 6);
    assertThat(r.threshold()).isEqualTo(0.35, org.assertj.core.api.Assertions.within(1e-12));
    // No pairs, or a diverged network's NaN encodings: no figure rather than a made-up one.
    assertThat(HeldOutPairs.bestThreshold(new double[0], new boolean[0]).accuracy()).isNaN();
    assertThat(
            HeldOutPairs.bestThreshold(new double[] {0.2, Double.NaN}, new boolean[] {true, false})
                .accuracy())
        .isNaN();
  }
}
