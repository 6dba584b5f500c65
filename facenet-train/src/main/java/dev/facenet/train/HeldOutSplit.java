package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Training people and held-out people: the held-out ones are never trained on, only used to measure
 * verification after every epoch, so the figure says how the model does on faces it has not seen.
 */
public record HeldOutSplit(ChipSet training, ChipSet heldOut) {

  /**
   * {@code count} people drawn with {@code seed} are held out (0: none, no held-out evaluation).
   */
  public static HeldOutSplit byCount(ChipSet all, int count, long seed) {
    int n = all.identities().size();
    if (count < 0) {
      throw new FaceNetException("--val-identities must be 0 or more, not " + count);
    }
    if (count == 1) {
      throw new FaceNetException(
          "--val-identities 1: held-out verification needs at least 2 people");
    }
    if (n - count < 2) {
      throw new FaceNetException(
          "--val-identities "
              + count
              + " leaves "
              + (n - count)
              + " of "
              + n
              + " people for training; at least 2 are needed");
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    Set<Integer> held = new HashSet<>(order.subList(0, count));
    List<ChipSet.Identity> train = new ArrayList<>();
    List<ChipSet.Identity> val = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (held.contains(i) ? val : train).add(all.identities().get(i));
    }
    return new HeldOutSplit(all.subset(train), all.subset(val));
  }

  /** The named people are held out; every name must be one of the data set's people. */
  public static HeldOutSplit byNames(ChipSet all, List<String> names) {
    Set<String> wanted = new LinkedHashSet<>(names);
    List<ChipSet.Identity> train = new ArrayList<>();
    List<ChipSet.Identity> val = new ArrayList<>();
    for (ChipSet.Identity id : all.identities()) {
      (wanted.remove(id.name()) ? val : train).add(id);
    }
    if (!wanted.isEmpty()) {
      throw new FaceNetException(
          "held-out people not in the data set (or skipped): " + String.join(", ", wanted));
    }
    if (val.size() == 1) {
      throw new FaceNetException("held-out verification needs at least 2 people, got 1");
    }
    if (train.size() < 2) {
      throw new FaceNetException(
          "holding out "
              + val.size()
              + " people leaves "
              + train.size()
              + " for training; at least 2 are needed");
    }
    return new HeldOutSplit(all.subset(train), all.subset(val));
  }

  public boolean hasHeldOut() {
    return !heldOut.identities().isEmpty();
  }
}
