package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run is told ({@code facenet train}'s options). Held-out people are either named
 * ({@code heldOutPeople}) or drawn by {@code seed} ({@code valIdentities}). {@code freezeThrough} names the last
 * of the stages (counted from the input) that keep their starting weights, or is null when all are trained.
 */
public record TrainingOptions(
    Path data,
    String model,
    Path out,
    String init,
    int epochs,
    int identitiesPerBatch,
    int imagesPerIdentity,
    float margin,
    float learningRate,
    boolean cosineSchedule,
    Mining mining,
    int valIdentities,
    List<String> heldOutPeople,
    long seed,
    Augmenter augment,
    boolean resume,
    String freezeThrough) {

  public TrainingOptions {
    heldOutPeople = heldOutPeople == null ? List.of() : List.copyOf(heldOutPeople);
    augment = augment == null ? Augmenter.NONE : augment;
    freezeThrough = freezeThrough == null || freezeThrough.isBlank() ? null : freezeThrough.trim();
    if (epochs < 1) {
      throw new FaceNetException("--epochs must be at least 1, not " + epochs);
    }
    if (!(margin > 0) || Float.isInfinite(margin)) {
      throw new FaceNetException("--margin must be a positive number, not " + margin);
    }
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new FaceNetException("--lr must be a positive number, not " + learningRate);
    }
  }

  /**
   * The learning rate of epoch {@code epoch} (1-based) of {@code epochs}: constant, or a cosine from the
   * base rate down to a twentieth of it at the last epoch (settles the noisy end of a short run).
   */
  public float learningRateAt(int epoch) {
    if (!cosineSchedule || epochs <= 1) {
      return learningRate;
    }
    double t = (epoch - 1) / (double) (epochs - 1);
    return (float) (learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t))));
  }

  /** The defaults of {@code facenet train} for a data folder, a model and an output folder. */
  public static TrainingOptions defaults(Path data, String model, Path out) {
    return new TrainingOptions(data, model, out, "random", 20, 10, 5, 0.2f, 1e-3f, true, Mining.SEMI_HARD, 5, List.of(),
        42L, Augmenter.STRONG, false, null);
  }

  public TrainingOptions withEpochs(int n) {
    return new TrainingOptions(data, model, out, init, n, identitiesPerBatch, imagesPerIdentity, margin, learningRate,
        cosineSchedule, mining, valIdentities, heldOutPeople, seed, augment, resume, freezeThrough);
  }

  public TrainingOptions withResume(boolean r) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin,
        learningRate, cosineSchedule, mining, valIdentities, heldOutPeople, seed, augment, r, freezeThrough);
  }

  public TrainingOptions withHeldOut(List<String> people) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin,
        learningRate, cosineSchedule, mining, people.size(), people, seed, augment, resume, freezeThrough);
  }

  public TrainingOptions withBatch(int p, int k) {
    return new TrainingOptions(data, model, out, init, epochs, p, k, margin, learningRate, cosineSchedule, mining, valIdentities,
        heldOutPeople, seed, augment, resume, freezeThrough);
  }

  public TrainingOptions withLearningRate(float lr) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin, lr,
        cosineSchedule, mining, valIdentities, heldOutPeople, seed, augment, resume, freezeThrough);
  }

  public TrainingOptions withMining(Mining m) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin,
        learningRate, cosineSchedule, m, valIdentities, heldOutPeople, seed, augment, resume, freezeThrough);
  }

  /** Keeps the network's stages from the input up to and including {@code stage} at their starting weights (null: none). */
  public TrainingOptions withFreezeThrough(String stage) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin,
        learningRate, cosineSchedule, mining, valIdentities, heldOutPeople, seed, augment, resume, stage);
  }

  public TrainingOptions withAugment(Augmenter a) {
    return new TrainingOptions(data, model, out, init, epochs, identitiesPerBatch, imagesPerIdentity, margin,
        learningRate, cosineSchedule, mining, valIdentities, heldOutPeople, seed, a, resume, freezeThrough);
  }
}
