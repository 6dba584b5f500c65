package dev.facenet.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import dev.facenet.evaluate.VerificationDiagnosis;
import dev.facenet.nn.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The epochs of one run: P x K batches of the training people, one {@link TrainingStep} each, then
 * the held-out people verified (after the batch-norm statistics are recomputed), the checkpoint and
 * plot written; a resumed run starts after its checkpoint's epoch. A stop request ends the run
 * before its next batch or evaluation.
 */
final class TrainingLoop {
  /** Training pictures the batch-norm statistics are recomputed from before each evaluation. */
  private static final int BN_PICTURES = 200;

  private final TrainingOptions options;
  private final TrainableNetwork net;
  private final HeldOutSplit split;
  private final TeacherTargets targets;
  private final RunChecks checks;
  private final ProgressReporter progress;
  private final RunArtifacts artifacts;
  private final BooleanSupplier stopRequested;
  private final PkSampler sampler;
  private final TripletSelector selector;

  /** The held-out verification pairs, or null when there are none to score. */
  private final HeldOutPairs pairs;

  private final List<EpochResult> history = new ArrayList<>();

  /**
   * @param targets the teacher's targets, or null to train with the triplet loss alone
   */
  TrainingLoop(
      TrainingOptions options,
      TrainableNetwork net,
      HeldOutSplit split,
      TeacherTargets targets,
      RunChecks checks,
      ProgressReporter progress,
      RunArtifacts artifacts,
      BooleanSupplier stopRequested) {
    this.options = options;
    this.net = net;
    this.split = split;
    this.targets = targets;
    this.checks = checks;
    this.progress = progress;
    this.artifacts = artifacts;
    this.stopRequested = stopRequested;
    this.sampler =
        new PkSampler(
            split.training(),
            options.identitiesPerBatch(),
            options.imagesPerIdentity(),
            options.seed());
    this.selector = new TripletSelector(options.mining(), options.margin());
    this.pairs =
        split.hasHeldOut() ? HeldOutPairs.balanced(split.heldOut().labels(), options.seed()) : null;
  }

  /** Trains {@code net} on the split of {@code all} and writes the run's output. */
  TripletTrainer.Outcome run(ChipSet all) {
    Block block = net.block();
    try (NDManager stateManager = Torch.newManager();
        Model model = Model.newInstance(net.model(), Torch.device(), "PyTorch")) {
      model.setBlock(block);
      ResumableAdam adam = new ResumableAdam(block, stateManager, options.learningRate());
      int start = resume(block, adam);
      TrainingStep.makeTrainable(block, checks.frozen());
      VerificationDiagnosis diagnosis;
      try (Trainer trainer = TrainingStep.newTrainer(model, adam, options.margin())) {
        diagnosis = train(trainer, block, adam, start);
      }
      ModelCard card =
          artifacts.finish(
              all, history, checks.frozen(), pairs == null ? 0 : pairs.size(), diagnosis);
      return new TripletTrainer.Outcome(List.copyOf(history), card, options.out());
    }
  }

  /**
   * Loads the checkpoint of a resumed run into {@code block} and {@code adam}; returns the first
   * epoch to train.
   */
  private int resume(Block block, ResumableAdam adam) {
    Checkpoint.Header h = checks.prior();
    if (h == null) {
      return 1;
    }
    checks.requireSamePeople(split.training().names(), split.heldOut().names());
    Checkpoint.read(options.out(), block, adam);
    history.addAll(h.history());
    progress.resuming(h.epoch(), options.out());
    return h.epoch() + 1;
  }

  /**
   * The untrained figure (for a new run), the epochs from {@code start}, and the held-out diagnosis
   * of the end.
   */
  private VerificationDiagnosis train(Trainer trainer, Block block, ResumableAdam adam, int start) {
    BatchNormStatistics bn = new BatchNormStatistics(block, net.batchNormMomentum());
    float[][] heldOut =
        null; // the held-out encodings of the last evaluation, reused by the diagnosis
    if (history.isEmpty()) {
      long t0 = System.nanoTime();
      heldOut = evaluate(trainer, bn);
      HeldOutPairs.Result r0 = score(heldOut);
      history.add(
          new EpochResult(
              0,
              Double.NaN,
              Double.NaN,
              r0.accuracy(),
              r0.threshold(),
              ProgressReporter.since(t0),
              Double.NaN));
      progress.untrained(r0, split.heldOut().identities().size());
    }
    for (int epoch = start; epoch <= options.epochs(); epoch++) {
      heldOut = epoch(trainer, bn, block, adam, epoch);
    }
    if (pairs == null) {
      return VerificationDiagnosis.NONE;
    }
    if (heldOut == null) { // a resumed run that had nothing left to train
      heldOut = ChipEncoding.encode(trainer, split.heldOut(), net.chipFormat());
    }
    return VerificationDiagnosis.of(
        heldOut,
        split.heldOut().labels(),
        split.heldOut().names(),
        history.get(history.size() - 1).threshold());
  }

  /**
   * Trains epoch {@code epoch}, scores the held-out people and writes the checkpoint; returns their
   * encodings.
   */
  private float[][] epoch(
      Trainer trainer, BatchNormStatistics bn, Block block, ResumableAdam adam, int epoch) {
    long t0 = System.nanoTime();
    EpochTotals totals = new EpochTotals();
    adam.setLearningRate(options.learningRateAt(epoch));
    List<PkSampler.Batch> batches = sampler.epoch(epoch);
    for (int b = 0; b < batches.size(); b++) {
      stopIfRequested(epoch);
      PkSampler.Batch batch = batches.get(b);
      Random rnd = new Random(Seeds.mix(options.seed(), 0xA0A0, epoch, b));
      totals.add(
          TrainingStep.run(
              trainer,
              split.training(),
              batch,
              net.chipFormat(),
              options.augment(),
              rnd,
              selector,
              targets),
          batch.size());
      progress.batch(
          epoch, options.epochs(), b, batches.size(), totals, ProgressReporter.since(t0));
    }
    double trainSecs = ProgressReporter.since(t0);
    stopIfRequested(epoch);
    float[][] heldOut = evaluate(trainer, bn);
    HeldOutPairs.Result r = score(heldOut);
    EpochResult er =
        new EpochResult(
            epoch,
            totals.loss(),
            totals.activeShare(),
            r.accuracy(),
            r.threshold(),
            trainSecs,
            totals.pictures() / trainSecs);
    history.add(er);
    progress.epoch(er, options.epochs(), totals);
    artifacts.epochDone(history, block, adam);
    return heldOut;
  }

  /**
   * Recomputes the batch-norm statistics and encodes the held-out people (null when there are no
   * pairs to score).
   */
  private float[][] evaluate(Trainer trainer, BatchNormStatistics bn) {
    bn.recompute(
        trainer,
        split.training(),
        net.chipFormat(),
        BN_PICTURES,
        sampler.identitiesPerBatch() * sampler.imagesPerIdentity(),
        options.seed());
    return pairs == null ? null : ChipEncoding.encode(trainer, split.heldOut(), net.chipFormat());
  }

  private HeldOutPairs.Result score(float[][] heldOut) {
    return pairs == null
        ? new HeldOutPairs.Result(Double.NaN, Double.NaN, 0)
        : pairs.evaluate(heldOut);
  }

  /**
   * Throws {@link TrainingStopped} when a stop was requested; only called where nothing of {@code
   * epoch} is saved yet.
   */
  private void stopIfRequested(int epoch) {
    if (stopRequested.getAsBoolean()) {
      progress.stopped();
      throw TrainingStopped.during(epoch, epoch - 1, options.out());
    }
  }
}
