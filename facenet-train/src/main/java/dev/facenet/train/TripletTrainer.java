package dev.facenet.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains an encoder with the seed's triplet loss, FaceNet style: P x K batches, triplets chosen
 * online from the current encodings ({@link TripletSelector}), the gradient taken through the whole
 * DJL block, Adam. After every epoch the held-out people are verified, a checkpoint is written
 * (atomically) and the plot and model card are refreshed, so an interrupted run leaves usable
 * output and {@code --resume} continues it exactly.
 *
 * <p>The parts: {@link RunChecks} (what is refused before any work), {@link ChipCutting} (the chips
 * and the teacher's targets), {@link TrainingLoop} with {@link TrainingStep} (the epochs), {@link
 * ProgressReporter} (the lines printed) and {@link RunArtifacts} (the files written).
 */
public final class TripletTrainer {
  /** What a run produced. */
  public record Outcome(List<EpochResult> history, ModelCard card, Path out) {
    /** The last epoch's result (epoch 0 when nothing was trained). */
    public EpochResult last() {
      return history.get(history.size() - 1);
    }
  }

  private final TrainingOptions options;
  private final PrintStream progress;
  private final Consumer<String> warn;
  private volatile boolean stopRequested;

  /**
   * @param progress where the progress line goes (stderr for the CLI)
   * @param warn hears about skipped pictures and people
   */
  public TripletTrainer(TrainingOptions options, PrintStream progress, Consumer<String> warn) {
    this.options = options;
    this.progress = progress;
    this.warn = warn;
  }

  /**
   * Asks a running {@code run} (from any thread) to stop before its next batch, held-out evaluation
   * or chip. The run then closes what it holds and throws {@link TrainingStopped}; the checkpoint
   * of the last whole epoch stays. The request is for good (one made before {@code run} stops it at
   * once): continue with a new trainer.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Reads the data, cuts its chips with {@code chips} (keeping them in {@code chipCache}, so a
   * resumed or repeated run does not cut them again; null for {@link ChipCache#FILE} in the output
   * folder), trains {@code net} and writes checkpoint, weights, plot and model card into the output
   * folder. {@code teacher} (null: none) adds its distillation term to the triplet loss; its chips
   * of the training pictures are kept in {@link Teacher#CHIP_FILE} in the output folder.
   */
  public Outcome run(TrainableNetwork net, ChipMaker chips, Path chipCache, Teacher teacher) {
    // A wrong --freeze, an occupied --out or a checkpoint of another model or teacher is refused
    // before minutes of
    // chip cutting.
    RunChecks checks = RunChecks.of(options, net, teacher == null ? null : teacher.distillation());
    ProgressReporter reporter = new ProgressReporter(progress, teacher != null);
    ChipCutting cutting = new ChipCutting(options, warn, reporter, () -> stopRequested);
    ChipSet all =
        cutting.training(
            chips,
            chipCache != null ? chipCache : options.out().resolve(ChipCache.FILE),
            net.chipFormat().size());
    HeldOutSplit split =
        options.heldOutPeople().isEmpty()
            ? HeldOutSplit.byCount(all, options.valIdentities(), options.seed())
            : HeldOutSplit.byNames(all, options.heldOutPeople());
    TeacherTargets targets =
        teacher == null ? null : cutting.teacherTargets(teacher, split.training());
    RunArtifacts artifacts =
        new RunArtifacts(options, net, split, teacher == null ? null : teacher.distillation());
    return new TrainingLoop(
            options, net, split, targets, checks, reporter, artifacts, () -> stopRequested)
        .run(all);
  }
}
