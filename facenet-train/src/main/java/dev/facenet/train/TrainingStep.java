package dev.facenet.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.facenet.nn.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One optimisation step on one P x K batch: augment the chips, encode them, choose the triplets
 * from those encodings ({@link TripletSelector}), take the gradient of the triplet loss (plus the
 * teacher's term) through the whole network and let Adam step.
 */
final class TrainingStep {
  private TrainingStep() {}

  /**
   * A DJL trainer for {@code model} with the seed's triplet loss and {@code adam}, on the chosen
   * device.
   */
  static Trainer newTrainer(Model model, ResumableAdam adam, float margin) {
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(new TripletLoss(margin))
            .optOptimizer(adam)
            .optDevices(new ai.djl.Device[] {Torch.device()});
    return model.newTrainer(config);
  }

  /**
   * Readies {@code block}'s parameters for training: gradients attached (parameters loaded from a
   * file come without), and those of the {@code frozen} stages frozen.
   */
  static void makeTrainable(Block block, List<TrainableNetwork.Stage> frozen) {
    for (Parameter param : block.getParameters().values()) {
      if (param.requiresGradient() && !param.getArray().hasGradient()) {
        param.getArray().setRequiresGradient(true);
      }
    }
    frozen.forEach(stage -> stage.parameters().forEach(p -> p.freeze(true)));
  }

  /**
   * One step on {@code batch}, the triplet loss plus {@code targets}' distillation term (when not
   * null). Returns null when there was nothing to learn from the batch (no triplet with a loss and
   * no teacher; no step taken).
   */
  static StepResult run(
      Trainer trainer,
      ChipSet data,
      PkSampler.Batch batch,
      ChipFormat format,
      Augmenter augmenter,
      Random rnd,
      TripletSelector selector,
      TeacherTargets targets) {
    int n = batch.size();
    int floats = format.floats();
    float[] x = new float[n * floats];
    for (int i = 0; i < n; i++) {
      augmenter.apply(chip(data, batch, i).pixels(), format, rnd, x, i * floats);
    }
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDArray input = sub.create(x, new Shape(n, 3, format.size(), format.size()));
      float lossValue = 0;
      float distillValue = Float.NaN;
      int count;
      float active;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray emb = trainer.forward(new NDList(input)).singletonOrThrow();
        float[][] d = TripletSelector.squaredDistances(ChipEncoding.rows(emb.toFloatArray(), n));
        List<Triplet> triplets = selector.select(d, batch.people());
        active = selector.activeShare(d, batch.people());
        count = triplets.size();
        NDArray loss = null;
        if (count > 0) {
          NDList apn =
              new NDList(
                  pick(sub, emb, triplets, 0, n),
                  pick(sub, emb, triplets, 1, n),
                  pick(sub, emb, triplets, 2, n));
          loss = trainer.getLoss().evaluate(null, apn);
          lossValue = loss.getFloat();
        }
        if (targets != null) {
          NDArray distill = targets.loss(sub, emb, sources(data, batch));
          distillValue = distill.getFloat() / n / targets.weight();
          loss = loss == null ? distill : loss.add(distill);
        } else if (!(lossValue > 0)) {
          return null;
        }
        gc.backward(loss);
      }
      trainer.step();
      return new StepResult(count == 0 ? Float.NaN : lossValue / count, active, distillValue);
    }
  }

  private static ChipSet.Chip chip(ChipSet data, PkSampler.Batch batch, int i) {
    return data.identities().get(batch.people()[i]).chips().get(batch.chips()[i]);
  }

  /** The pictures of {@code batch}, in its order. */
  private static List<Path> sources(ChipSet data, PkSampler.Batch batch) {
    List<Path> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(chip(data, batch, i).source());
    }
    return out;
  }

  /**
   * Rows of {@code emb} chosen by one member of each triplet, as a one-hot product (the gradient
   * flows through).
   */
  private static NDArray pick(NDManager m, NDArray emb, List<Triplet> triplets, int member, int n) {
    float[] onehot = new float[triplets.size() * n];
    for (int t = 0; t < triplets.size(); t++) {
      Triplet tr = triplets.get(t);
      int col = member == 0 ? tr.anchor() : member == 1 ? tr.positive() : tr.negative();
      onehot[t * n + col] = 1f;
    }
    return m.create(onehot, new Shape(triplets.size(), n)).matMul(emb);
  }
}
