package dev.facenet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Encodes chips without augmentation, batch by batch: the held-out people after an epoch, the
 * teacher's targets.
 */
final class ChipEncoding {
  /** Pictures encoded at once. */
  private static final int BATCH = 50;

  private ChipEncoding() {}

  /** Encodes every chip of {@code set} with the network of {@code trainer} in inference mode. */
  static float[][] encode(Trainer trainer, ChipSet set, ChipFormat format) {
    List<byte[]> chips = new ArrayList<>();
    for (ChipSet.Identity id : set.identities()) {
      for (ChipSet.Chip c : id.chips()) {
        chips.add(c.pixels());
      }
    }
    return encode(
        chips,
        format,
        trainer.getManager(),
        x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
  }

  /**
   * Encodes {@code chips} (channels-first bytes) by {@code forward}, in sub-managers of {@code
   * manager}.
   */
  static float[][] encode(
      List<byte[]> chips, ChipFormat format, NDManager manager, UnaryOperator<NDArray> forward) {
    float[][] out = new float[chips.size()][];
    int floats = format.floats();
    for (int from = 0; from < chips.size(); from += BATCH) {
      int n = Math.min(BATCH, chips.size() - from);
      float[] x = new float[n * floats];
      for (int i = 0; i < n; i++) {
        Augmenter.NONE.apply(chips.get(from + i), format, null, x, i * floats);
      }
      try (NDManager sub = manager.newSubManager()) {
        NDArray emb = forward.apply(sub.create(x, new Shape(n, 3, format.size(), format.size())));
        System.arraycopy(rows(emb.toFloatArray(), n), 0, out, from, n);
      }
    }
    return out;
  }

  /** {@code flat} cut into {@code n} rows. */
  static float[][] rows(float[] flat, int n) {
    int d = flat.length / n;
    float[][] e = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, e[i], 0, d);
    }
    return e;
  }
}
