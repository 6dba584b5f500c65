package dev.facenet.train;

import ai.djl.nn.Block;
import dev.facenet.evaluate.VerificationDiagnosis;
import java.util.List;

/**
 * What a run writes into its output folder: after every epoch the checkpoint ({@link
 * Checkpoint#FILE}) and the plot ({@code training.png}); at the end the weights ({@code weights/}),
 * the plot again and the model card ({@link ModelCard#FILE}). Each file is replaced atomically, so
 * an interrupted run leaves usable output.
 */
final class RunArtifacts {
  /** The plot's file name inside the output folder. */
  static final String PLOT = "training.png";

  /** The weights' folder name inside the output folder. */
  static final String WEIGHTS = "weights";

  private final TrainingOptions options;
  private final TrainableNetwork net;
  private final HeldOutSplit split;
  private final ModelCard.Distillation teacher;

  /**
   * @param teacher the run's teacher, or null without one
   */
  RunArtifacts(
      TrainingOptions options,
      TrainableNetwork net,
      HeldOutSplit split,
      ModelCard.Distillation teacher) {
    this.options = options;
    this.net = net;
    this.split = split;
    this.teacher = teacher;
  }

  /** The checkpoint and the plot after {@code history}'s last epoch. */
  void epochDone(List<EpochResult> history, Block block, ResumableAdam adam) {
    int epoch = history.get(history.size() - 1).epoch();
    Checkpoint.write(
        options.out(),
        new Checkpoint.Header(
            net.model(),
            options.data().toString(),
            options.seed(),
            epoch,
            split.training().names(),
            split.heldOut().names(),
            history,
            options.freezeThrough(),
            teacher),
        block,
        adam);
    plot(history);
  }

  /** The weights, the plot and the model card of the finished run; returns the card. */
  ModelCard finish(
      ChipSet all,
      List<EpochResult> history,
      List<TrainableNetwork.Stage> frozen,
      int heldOutPairs,
      VerificationDiagnosis diagnosis) {
    List<String> files = net.saveWeights(options.out().resolve(WEIGHTS));
    plot(history);
    ModelCard card =
        ModelCard.builder()
            .network(
                net.model(),
                net.initialisation(),
                frozen.stream().map(TrainableNetwork.Stage::name).toList())
            .options(options)
            .chips(all, split)
            .teacher(teacher)
            .history(history)
            .heldOut(heldOutPairs, diagnosis)
            .weightFiles(files)
            .build();
    card.write(options.out());
    return card;
  }

  private void plot(List<EpochResult> history) {
    String title =
        net.model()
            + " trained with the triplet loss ("
            + options.mining().id()
            + ", margin "
            + options.margin()
            + ") on "
            + options.data().getFileName();
    TrainingPlot.write(history, title, options.out().resolve(PLOT));
  }
}
