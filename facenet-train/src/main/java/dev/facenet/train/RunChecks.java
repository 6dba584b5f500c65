package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a run checks once, before any chip is cut or any weight trained: that {@code --freeze} names
 * a stage the network has (not its last), and that the output folder fits: with {@code --resume} it
 * holds a checkpoint of the same model, teacher and frozen stages, without it holds none. Seed and
 * people are checked once the chips are read ({@link #requireSamePeople}).
 */
final class RunChecks {
  private final List<TrainableNetwork.Stage> frozen;
  private final Checkpoint.Header prior;
  private final TrainingOptions options;

  private RunChecks(
      List<TrainableNetwork.Stage> frozen, Checkpoint.Header prior, TrainingOptions options) {
    this.frozen = frozen;
    this.prior = prior;
    this.options = options;
  }

  /**
   * Checks {@code options} against {@code net} and the output folder; {@code teacher} is null
   * without one.
   */
  static RunChecks of(
      TrainingOptions options, TrainableNetwork net, ModelCard.Distillation teacher) {
    return new RunChecks(
        frozenStages(net, options.freezeThrough()), priorRun(options, net, teacher), options);
  }

  /** The stages kept at their starting weights, from the input (empty when all are trained). */
  List<TrainableNetwork.Stage> frozen() {
    return frozen;
  }

  /** The header of the checkpoint to continue from, or null for a new run. */
  Checkpoint.Header prior() {
    return prior;
  }

  /** Refuses to resume a checkpoint made with another seed or other training or held-out people. */
  void requireSamePeople(List<String> training, List<String> heldOut) {
    if (prior != null
        && (prior.seed() != options.seed()
            || !prior.trainingPeople().equals(training)
            || !prior.heldOutPeople().equals(heldOut))) {
      throw new FaceNetException(
          options.out()
              + ": the checkpoint was made with another seed or other people; "
              + "resume with the same --data, --seed and held-out people");
    }
  }

  /**
   * The stages of {@code net}, from the input, that {@code --freeze last} keeps at their starting
   * weights (none for null); refuses a stage the network does not have, and the last one (nothing
   * would be trained).
   */
  private static List<TrainableNetwork.Stage> frozenStages(TrainableNetwork net, String last) {
    if (last == null) {
      return List.of();
    }
    List<TrainableNetwork.Stage> stages = net.stages();
    List<String> names = stages.stream().map(TrainableNetwork.Stage::name).toList();
    int i = names.indexOf(last);
    if (i < 0) {
      throw new FaceNetException(
          "--freeze "
              + last
              + ": "
              + net.model()
              + " has no such stage (its stages: "
              + String.join(", ", names)
              + ")");
    }
    if (i == names.size() - 1) {
      throw new FaceNetException(
          "--freeze "
              + last
              + ": that is the last stage, so nothing would be trained; "
              + "name an earlier one");
    }
    return stages.subList(0, i + 1);
  }

  private static Checkpoint.Header priorRun(
      TrainingOptions options, TrainableNetwork net, ModelCard.Distillation teacher) {
    Path out = options.out();
    if (!options.resume()) {
      if (Checkpoint.exists(out)) {
        throw new FaceNetException(
            out
                + " already holds a training run ("
                + Checkpoint.FILE
                + "); continue it with --resume or choose another --out");
      }
      return null;
    }
    if (!Checkpoint.exists(out)) {
      throw new FaceNetException(
          out + ": --resume, but there is no " + Checkpoint.FILE + " to continue from");
    }
    Checkpoint.Header h = Checkpoint.header(out);
    if (!h.model().equals(net.model())) {
      throw new FaceNetException(
          out + ": the checkpoint is of model " + h.model() + ", not " + net.model());
    }
    if (!Objects.equals(h.teacher(), teacher)) {
      throw new FaceNetException(
          out
              + ": the checkpoint was trained "
              + describe(h.teacher())
              + "; resume with the same --teacher and --teacher-weight");
    }
    if (!Objects.equals(h.frozenThrough(), options.freezeThrough())) {
      throw new FaceNetException(
          out
              + ": the checkpoint was trained with --freeze "
              + (h.frozenThrough() == null ? "(none)" : h.frozenThrough())
              + "; resume with the same --freeze");
    }
    return h;
  }

  private static String describe(ModelCard.Distillation d) {
    return d == null
        ? "without a teacher"
        : "with --teacher " + d.model() + " --teacher-weight " + d.weight();
  }
}
