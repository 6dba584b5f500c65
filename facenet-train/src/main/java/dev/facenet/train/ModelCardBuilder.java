package dev.facenet.train;

import dev.facenet.evaluate.VerificationDiagnosis;
import java.util.List;

/**
 * Builds a {@link ModelCard} from the objects that hold its figures (the options, the chips, the
 * history, the diagnosis) rather than from its 32 fields one by one. Network, options, chips and
 * history are required; without a teacher, held-out pairs, diagnosis or weight files the card says
 * so (null, 0, NaN, none).
 */
public final class ModelCardBuilder {
  private String model;
  private String initialisation;
  private List<String> frozenStages = List.of();
  private TrainingOptions options;
  private ChipSet all;
  private HeldOutSplit split;
  private ModelCard.Distillation teacher;
  private List<EpochResult> history;
  private int heldOutPairs;
  private VerificationDiagnosis diagnosis = VerificationDiagnosis.NONE;
  private List<String> weightFiles = List.of();

  ModelCardBuilder() {}

  /** The network: its model id, where its weights started and the stages kept at those weights. */
  public ModelCardBuilder network(String model, String initialisation, List<String> frozenStages) {
    this.model = model;
    this.initialisation = initialisation;
    this.frozenStages = List.copyOf(frozenStages);
    return this;
  }

  /** The run's options: data folder, batches, loss, learning rate, augmentation, seed. */
  public ModelCardBuilder options(TrainingOptions options) {
    this.options = options;
    return this;
  }

  /** Every chip read ({@code all}: crop and skipped pictures) and how they were split. */
  public ModelCardBuilder chips(ChipSet all, HeldOutSplit split) {
    this.all = all;
    this.split = split;
    return this;
  }

  /** The teacher and the weight of its term, or null for the triplet loss alone. */
  public ModelCardBuilder teacher(ModelCard.Distillation teacher) {
    this.teacher = teacher;
    return this;
  }

  /** Every epoch's result, epoch 0 (untrained) first. */
  public ModelCardBuilder history(List<EpochResult> history) {
    this.history = List.copyOf(history);
    return this;
  }

  /** How many held-out pairs were scored, and why the misses happened. */
  public ModelCardBuilder heldOut(int pairs, VerificationDiagnosis diagnosis) {
    this.heldOutPairs = pairs;
    this.diagnosis = diagnosis;
    return this;
  }

  /** The files of the trained weights, inside the weights folder. */
  public ModelCardBuilder weightFiles(List<String> files) {
    this.weightFiles = List.copyOf(files);
    return this;
  }

  public ModelCard build() {
    if (model == null || options == null || all == null || history == null || history.isEmpty()) {
      throw new IllegalStateException(
          "a model card needs the network, the options, the chips and the history");
    }
    TrainingOptions o = options;
    EpochResult first = history.get(0);
    EpochResult last = history.get(history.size() - 1);
    double secs =
        history.stream().filter(h -> h.epoch() > 0).mapToDouble(EpochResult::seconds).sum();
    double pics =
        history.stream()
            .filter(h -> h.epoch() > 0 && Double.isFinite(h.picturesPerSecond()))
            .mapToDouble(h -> h.picturesPerSecond() * h.seconds())
            .sum();
    return new ModelCard(
        model,
        all.crop(),
        o.data().toAbsolutePath().normalize().toString(),
        initialisation,
        split.training().names(),
        split.heldOut().names(),
        split.training().chipCount(),
        split.heldOut().chipCount(),
        all.skippedPeople().size(),
        all.unreadable().size(),
        all.wholePictures().size(),
        last.epoch(),
        o.mining().id(),
        o.margin(),
        o.learningRate(),
        o.learningRateSchedule(),
        o.augment().toString(),
        frozenStages,
        teacher,
        o.identitiesPerBatch(),
        o.imagesPerIdentity(),
        o.seed(),
        first.accuracy(),
        last.accuracy(),
        last.threshold(),
        heldOutPairs,
        diagnosis.effectiveDimensions(),
        diagnosis.rejectedPeople(),
        secs,
        secs > 0 ? pics / secs : Double.NaN,
        weightFiles,
        history);
  }
}
