package dev.facenet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Recomputes the batch-norm running statistics of a network from training pictures ("precise batch
 * norm"). nn4.small2 keeps Keras' moving average (99% of the old value kept per batch), which after
 * a few hundred batches still remembers the initial mean 0 and variance 1; a network evaluated (or
 * saved) with those statistics is far worse than the one being trained. Before every held-out
 * evaluation the statistics are therefore set to the plain average of the batch statistics of a
 * fixed set of training chips, computed with the current weights. Only the running statistics
 * change; training itself (which uses batch statistics) does not see this.
 */
final class BatchNormStatistics {
  private final List<Parameter> running = new ArrayList<>();
  private final float keep;

  /**
   * @param keep the share of the old value a batch-norm update keeps (DJL's momentum); NaN or no
   *     batch-norm parameters make this do nothing
   */
  BatchNormStatistics(Block block, float keep) {
    this.keep = keep;
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter.Type t = p.getValue().getType();
      if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
        running.add(p.getValue());
      }
    }
  }

  boolean active() {
    return !running.isEmpty() && keep >= 0 && keep < 1;
  }

  /**
   * Sets the running statistics to the mean over batches of {@code batchSize} of up to {@code
   * maxPictures} chips of {@code data} (a fixed, seeded choice mixing people in every batch),
   * without augmentation.
   */
  void recompute(
      Trainer trainer, ChipSet data, ChipFormat format, int maxPictures, int batchSize, long seed) {
    if (!active()) {
      return;
    }
    List<byte[]> chips = new ArrayList<>();
    for (ChipSet.Identity id : data.identities()) {
      for (ChipSet.Chip c : id.chips()) {
        chips.add(c.pixels());
      }
    }
    Collections.shuffle(chips, new Random(seed));
    chips = chips.subList(0, Math.min(maxPictures, chips.size()));
    int floats = format.floats();
    List<float[]> sums = new ArrayList<>();
    for (Parameter p : running) {
      sums.add(new float[Math.toIntExact(p.getArray().size())]);
    }
    int batches = 0;
    for (int from = 0; from + 2 <= chips.size(); from += batchSize) {
      int n = Math.min(batchSize, chips.size() - from);
      if (n < 2) {
        break;
      }
      float[] x = new float[n * floats];
      for (int i = 0; i < n; i++) {
        Augmenter.NONE.apply(chips.get(from + i), format, null, x, i * floats);
      }
      for (Parameter p : running) {
        p.getArray().subi(p.getArray());
      }
      try (NDManager sub = trainer.getManager().newSubManager()) {
        trainer.forward(new NDList(sub.create(x, new Shape(n, 3, format.size(), format.size()))));
      }
      // From zero, one update leaves (1 - keep) x the batch statistic.
      for (int k = 0; k < running.size(); k++) {
        float[] r = running.get(k).getArray().toFloatArray();
        float[] s = sums.get(k);
        for (int i = 0; i < s.length; i++) {
          s[i] += r[i] / (1 - keep);
        }
      }
      batches++;
    }
    for (int k = 0; k < running.size(); k++) {
      float[] s = sums.get(k);
      for (int i = 0; i < s.length; i++) {
        s[i] /= batches;
      }
      NDArray a = running.get(k).getArray();
      // Not NDArray.set: its native side prints a PyTorch deprecation warning on the user's
      // terminal.
      try (NDArray given = a.getManager().create(s, a.getShape())) {
        a.intern(given.duplicate());
      }
    }
  }
}
