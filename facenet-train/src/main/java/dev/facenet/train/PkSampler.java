package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Makes the batches of one epoch: P people, K pictures of each (the layout online triplet selection
 * needs, since every picture in a batch then has positives and many negatives). An epoch has as
 * many batches as it takes to show about every training picture once. The batches of epoch e depend
 * only on the seed and e, so a run resumed at an epoch boundary sees exactly the batches an
 * uninterrupted run would.
 */
public final class PkSampler {

  /**
   * One batch: for each slot, the person (index into the chip set's identities) and the chip of
   * that person.
   */
  public record Batch(int[] people, int[] chips) {
    public int size() {
      return people.length;
    }
  }

  private final List<ChipSet.Identity> identities;
  private final int p;
  private final int k;
  private final long seed;
  private final int batchesPerEpoch;

  public PkSampler(ChipSet training, int identitiesPerBatch, int imagesPerIdentity, long seed) {
    this.identities = training.identities();
    if (identitiesPerBatch < 2) {
      throw new FaceNetException(
          "--identities-per-batch must be at least 2 (a triplet needs a negative), not "
              + identitiesPerBatch);
    }
    if (imagesPerIdentity < 2) {
      throw new FaceNetException(
          "--images-per-identity must be at least 2 (a triplet needs a positive), not "
              + imagesPerIdentity);
    }
    this.p = Math.min(identitiesPerBatch, identities.size());
    this.k = imagesPerIdentity;
    this.seed = seed;
    this.batchesPerEpoch = Math.max(1, (int) Math.round(training.chipCount() / (double) (p * k)));
  }

  /** People per batch actually used (at most the number of training people). */
  public int identitiesPerBatch() {
    return p;
  }

  public int imagesPerIdentity() {
    return k;
  }

  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The batches of epoch {@code epoch} (1-based), the same for the same seed every time. */
  public List<Batch> epoch(int epoch) {
    Random r = new Random(Seeds.mix(seed, 0x5A3B1E, epoch));
    List<Integer> queue = new ArrayList<>();
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < batchesPerEpoch; b++) {
      int[] people = new int[p * k];
      int[] chips = new int[p * k];
      List<Integer> chosen = new ArrayList<>();
      while (chosen.size() < p) {
        if (queue.isEmpty()) {
          for (int i = 0; i < identities.size(); i++) {
            queue.add(i);
          }
          Collections.shuffle(queue, r);
        }
        int next = queue.remove(queue.size() - 1);
        if (!chosen.contains(next)) {
          chosen.add(next);
        }
      }
      int slot = 0;
      for (int person : chosen) {
        int n = identities.get(person).chips().size();
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          pool.add(i);
        }
        Collections.shuffle(pool, r);
        for (int j = 0; j < k; j++) {
          people[slot] = person;
          // Fewer pictures than K: take them all, then repeat at random (augmentation makes repeats
          // differ).
          chips[slot] = j < n ? pool.get(j) : pool.get(r.nextInt(n));
          slot++;
        }
      }
      out.add(new Batch(people, chips));
    }
    return out;
  }
}
