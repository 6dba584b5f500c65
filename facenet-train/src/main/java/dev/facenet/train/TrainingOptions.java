package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run is told ({@code facenet train}'s options). Held-out people are either
 * named ({@code heldOutPeople}) or drawn by {@code seed} ({@code valIdentities}). {@code
 * freezeThrough} names the last of the stages (counted from the input) that keep their starting
 * weights, or is null when all are trained.
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

  // The defaults of facenet train, in one place: the command's option defaults are built from these
  // constants
  // (Strings where the command takes a name), and so are the tests' options.
  /** {@code --model}: the network trained from scratch. */
  public static final String DEFAULT_MODEL = Nn4Trainable.MODEL;

  public static final int DEFAULT_EPOCHS = 20;

  /** {@code --identities-per-batch}, P of the P x K batch. */
  public static final int DEFAULT_IDENTITIES_PER_BATCH = 10;

  /** {@code --images-per-identity}, K of the P x K batch. */
  public static final int DEFAULT_IMAGES_PER_IDENTITY = 5;

  /** {@code --margin}, the triplet loss' alpha (FaceNet's 0.2). */
  public static final float DEFAULT_MARGIN = 0.2f;

  /** {@code --lr} for a network trained from scratch (nn4-small2). */
  public static final float DEFAULT_LEARNING_RATE = 1e-3f;

  /**
   * {@code --lr} for fine-tuning the pretrained ResNet: a hundredth, so what it learnt is not
   * washed out.
   */
  public static final float DEFAULT_FINE_TUNING_LEARNING_RATE = 1e-5f;

  /** {@code --lr-schedule}: cosine or constant. */
  public static final String DEFAULT_SCHEDULE = "cosine";

  /** {@code --mining}, a {@link Mining} id. */
  public static final String DEFAULT_MINING = "semi-hard";

  /** {@code --val-identities}: people held out for the per-epoch verification. */
  public static final int DEFAULT_VAL_IDENTITIES = 5;

  public static final long DEFAULT_SEED = 42L;

  /** {@code --augment}, an {@link Augmenter#named} name. */
  public static final String DEFAULT_AUGMENT = "strong";

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
   * The learning rate of epoch {@code epoch} (1-based) of {@code epochs}: constant, or a cosine
   * from the base rate down to a twentieth of it at the last epoch (settles the noisy end of a
   * short run).
   */
  public float learningRateAt(int epoch) {
    if (!cosineSchedule || epochs <= 1) {
      return learningRate;
    }
    double t = (epoch - 1) / (double) (epochs - 1);
    return (float) (learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t))));
  }

  /**
   * The name of the learning rate schedule, as {@code --lr-schedule} takes it and the model card
   * records it.
   */
  public String learningRateSchedule() {
    return cosineSchedule ? "cosine" : "constant";
  }
}
