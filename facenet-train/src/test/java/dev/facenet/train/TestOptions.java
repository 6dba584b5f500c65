package dev.facenet.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Training options for tests: {@code facenet train}'s defaults ({@link TrainingOptions}'s
 * constants), changed one at a time.
 */
final class TestOptions {
  private TestOptions() {}

  /** The defaults of {@code facenet train} for a data folder, a model and an output folder. */
  static TrainingOptions defaults(Path data, String model, Path out) {
    return new TrainingOptions(
        data,
        model,
        out,
        "random",
        TrainingOptions.DEFAULT_EPOCHS,
        TrainingOptions.DEFAULT_IDENTITIES_PER_BATCH,
        TrainingOptions.DEFAULT_IMAGES_PER_IDENTITY,
        TrainingOptions.DEFAULT_MARGIN,
        TrainingOptions.DEFAULT_LEARNING_RATE,
        TrainingOptions.DEFAULT_SCHEDULE.equals("cosine"),
        Mining.parse(TrainingOptions.DEFAULT_MINING),
        TrainingOptions.DEFAULT_VAL_IDENTITIES,
        List.of(),
        TrainingOptions.DEFAULT_SEED,
        Augmenter.named(TrainingOptions.DEFAULT_AUGMENT),
        false,
        null);
  }

  /** A small run on ORL people: {@code epochs} epochs of 2 x 4 batches, s5 and s6 held out. */
  static TrainingOptions small(Path data, Path out, int epochs) {
    TrainingOptions d = defaults(data, "x", out);
    return new TrainingOptions(
        data,
        d.model(),
        out,
        d.init(),
        epochs,
        2,
        4,
        d.margin(),
        d.learningRate(),
        d.cosineSchedule(),
        d.mining(),
        2,
        List.of("s5", "s6"),
        d.seed(),
        d.augment(),
        false,
        null);
  }

  /** {@code o} with {@code --resume}. */
  static TrainingOptions resume(TrainingOptions o) {
    return new TrainingOptions(
        o.data(),
        o.model(),
        o.out(),
        o.init(),
        o.epochs(),
        o.identitiesPerBatch(),
        o.imagesPerIdentity(),
        o.margin(),
        o.learningRate(),
        o.cosineSchedule(),
        o.mining(),
        o.valIdentities(),
        o.heldOutPeople(),
        o.seed(),
        o.augment(),
        true,
        o.freezeThrough());
  }

  /** {@code o} with {@code --freeze stage}. */
  static TrainingOptions freeze(TrainingOptions o, String stage) {
    return new TrainingOptions(
        o.data(),
        o.model(),
        o.out(),
        o.init(),
        o.epochs(),
        o.identitiesPerBatch(),
        o.imagesPerIdentity(),
        o.margin(),
        o.learningRate(),
        o.cosineSchedule(),
        o.mining(),
        o.valIdentities(),
        o.heldOutPeople(),
        o.seed(),
        o.augment(),
        o.resume(),
        stage);
  }

  /** {@code o} with {@code --epochs n} and {@code --lr lr}. */
  static TrainingOptions epochsAndRate(TrainingOptions o, int n, float lr) {
    return new TrainingOptions(
        o.data(),
        o.model(),
        o.out(),
        o.init(),
        n,
        o.identitiesPerBatch(),
        o.imagesPerIdentity(),
        o.margin(),
        lr,
        o.cosineSchedule(),
        o.mining(),
        o.valIdentities(),
        o.heldOutPeople(),
        o.seed(),
        o.augment(),
        o.resume(),
        o.freezeThrough());
  }
}
