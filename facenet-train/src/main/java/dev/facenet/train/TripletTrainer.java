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
import ai.djl.util.Pair;
import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.VerificationDiagnosis;
import dev.facenet.nn.Torch;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains an encoder with the seed's triplet loss, FaceNet style: P x K batches, triplets chosen online from
 * the current encodings ({@link TripletSelector}), the gradient taken through the whole DJL block, Adam. After
 * every epoch the held-out people are verified, a checkpoint is written (atomically) and the plot and model
 * card are refreshed, so an interrupted run leaves usable output and {@code --resume} continues it exactly.
 */
public final class TripletTrainer {
  /** Pictures encoded at once when evaluating the held-out people. */
  private static final int EVAL_BATCH = 50;
  /** Training pictures the batch-norm statistics are recomputed from before each evaluation. */
  private static final int BN_PICTURES = 200;

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
   * Asks a running {@code run} (from any thread) to stop before its next batch, held-out evaluation or chip. The run
   * then closes what it holds and throws {@link TrainingStopped}; the checkpoint of the last whole epoch stays.
   * The request is for good (one made before {@code run} stops it at once): continue with a new trainer.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /** {@link #run(TrainableNetwork, ChipMaker)} on whole-picture chips (the picture is the face). */
  public Outcome run(TrainableNetwork net) {
    return run(net, ChipMaker.wholeImage());
  }

  /** Reads the data, cuts its chips with {@code chips}, trains {@code net} and writes checkpoint, weights, plot and model card into the output folder. */
  public Outcome run(TrainableNetwork net, ChipMaker chips) {
    return run(net, chips, options.out().resolve(ChipCache.FILE));
  }

  /**
   * As {@link #run(TrainableNetwork, ChipMaker)}, keeping the chips in {@code chipCache} (by default
   * {@link ChipCache#FILE} in the output folder), so a resumed or repeated run does not cut them again.
   */
  public Outcome run(TrainableNetwork net, ChipMaker chips, Path chipCache) {
    return run(net, chips, chipCache, null);
  }

  /**
   * As {@link #run(TrainableNetwork, ChipMaker, Path)}, with {@code teacher} (null: none) adding its distillation
   * term to the triplet loss. Its chips of the training pictures are cut once and kept in
   * {@link Teacher#CHIP_FILE} in the output folder.
   */
  public Outcome run(TrainableNetwork net, ChipMaker chips, Path chipCache, Teacher teacher) {
    TrainingOptions o = options;
    ChipFormat format = net.chipFormat();
    // A wrong --freeze, an occupied --out or a checkpoint of another model or teacher is refused before minutes of
    // chip cutting.
    frozenStages(net, o.freezeThrough());
    priorRun(net, teacher == null ? null : teacher.distillation());
    long t0 = System.nanoTime();
    ChipCache cache = ChipCache.open(chipCache, o.data(), chips.crop(), format.size(), warn);
    ChipSet all = cut(cache, () -> ChipSet.read(o.data(), stoppable(chips), format.size(), warn, cache));
    progress.printf(Locale.ROOT, "chips (%s): %d read from %s, %d cut, in %.1f s%n", all.crop(), cache.hits(),
        cache.file(), cache.cuts(), (System.nanoTime() - t0) / 1e9);
    HeldOutSplit split = o.heldOutPeople().isEmpty()
        ? HeldOutSplit.byCount(all, o.valIdentities(), o.seed())
        : HeldOutSplit.byNames(all, o.heldOutPeople());
    return run(net, all, split, teacher == null ? null : targets(teacher, split.training()));
  }

  /** Trains on an already made split (tests reuse one chip set for several runs). */
  public Outcome run(TrainableNetwork net, ChipSet all, HeldOutSplit split) {
    return run(net, all, split, null);
  }

  /**
   * The teacher's targets for the training pictures (never the held-out ones): its chips are cut (or read from
   * {@link Teacher#CHIP_FILE}) and encoded.
   */
  private TeacherTargets targets(Teacher teacher, ChipSet training) {
    long t0 = System.nanoTime();
    int size = teacher.network().chipFormat().size();
    ChipCache cache = ChipCache.open(options.out().resolve(Teacher.CHIP_FILE), options.data(), teacher.chips().crop(),
        size, warn);
    List<PersonPictures> people = training.identities().stream()
        .map(id -> new PersonPictures(id.name(), id.chips().stream().map(ChipSet.Chip::source).toList())).toList();
    ChipSet chips = cut(cache, () -> {
      ChipSet set = ChipSet.load(options.data(), people, stoppable(teacher.chips()), size,
          w -> warn.accept("teacher's chips: " + w), cache);
      cache.save();
      return set;
    });
    TeacherTargets targets = TeacherTargets.encode(teacher, chips);
    progress.printf(Locale.ROOT, "teacher (%s, weight %s): %d training pictures encoded (%d chips read from %s, %d cut) in %.1f s%n",
        teacher.model(), teacher.weight(), chips.chipCount(), cache.hits(), cache.file(), cache.cuts(),
        (System.nanoTime() - t0) / 1e9);
    return targets;
  }

  /**
   * Runs {@code read}, which cuts chips into {@code cache} with {@link #stoppable} chip makers. Cutting chips with face
   * finding takes minutes on a large set, so a stop request ends it too: the chips cut so far are saved (the next run
   * need not cut them again) and {@link TrainingStopped} is thrown.
   */
  private ChipSet cut(ChipCache cache, java.util.function.Supplier<ChipSet> read) {
    try {
      return read.get();
    } catch (StopWhileReading e) {
      cache.saveCuts();
      throw TrainingStopped.beforeTraining(options.out(), cache.cuts(), cache.file());
    }
  }

  /**
   * Checks the output folder against this run before anything is cut or trained: with {@code --resume} it must hold a
   * checkpoint of the same model, teacher and frozen stages, which is returned; without, it must hold none (null is
   * returned). Seed and people are checked once the chips are read.
   */
  private Checkpoint.Header priorRun(TrainableNetwork net, ModelCard.Distillation teacher) {
    Path out = options.out();
    if (!options.resume()) {
      if (Checkpoint.exists(out)) {
        throw new FaceNetException(out + " already holds a training run (" + Checkpoint.FILE
            + "); continue it with --resume or choose another --out");
      }
      return null;
    }
    if (!Checkpoint.exists(out)) {
      throw new FaceNetException(out + ": --resume, but there is no " + Checkpoint.FILE + " to continue from");
    }
    Checkpoint.Header h = Checkpoint.header(out);
    if (!h.model().equals(net.model())) {
      throw new FaceNetException(out + ": the checkpoint is of model " + h.model() + ", not " + net.model());
    }
    if (!java.util.Objects.equals(h.teacher(), teacher)) {
      throw new FaceNetException(out + ": the checkpoint was trained " + describe(h.teacher())
          + "; resume with the same --teacher and --teacher-weight");
    }
    if (!java.util.Objects.equals(h.frozenThrough(), options.freezeThrough())) {
      throw new FaceNetException(out + ": the checkpoint was trained with --freeze "
          + (h.frozenThrough() == null ? "(none)" : h.frozenThrough()) + "; resume with the same --freeze");
    }
    return h;
  }

  /** Trains on an already made split, adding {@code targets}' distillation term to the loss when it is not null. */
  Outcome run(TrainableNetwork net, ChipSet all, HeldOutSplit split, TeacherTargets targets) {
    TrainingOptions o = options;
    ChipFormat format = net.chipFormat();
    Path out = o.out();
    List<TrainableNetwork.Stage> frozen = frozenStages(net, o.freezeThrough());
    List<String> trainNames = names(split.training());
    List<String> heldNames = names(split.heldOut());
    PkSampler sampler = new PkSampler(split.training(), o.identitiesPerBatch(), o.imagesPerIdentity(), o.seed());
    TripletSelector selector = new TripletSelector(o.mining(), o.margin());
    Augmenter augmenter = o.augment();
    Block block = net.block();
    NDManager paramManager = anyParameter(block).getArray().getManager();

    try (NDManager stateManager = Torch.newManager();
        Model model = Model.newInstance(net.model(), Torch.device(), "PyTorch")) {
      model.setBlock(block);
      ResumableAdam adam = new ResumableAdam(block, stateManager, o.learningRate());
      List<EpochResult> history = new ArrayList<>();
      int start = 1;
      Checkpoint.Header h = priorRun(net, distillation(targets));
      if (h != null) {
        if (h.seed() != o.seed() || !h.trainingPeople().equals(trainNames) || !h.heldOutPeople().equals(heldNames)) {
          throw new FaceNetException(out + ": the checkpoint was made with another seed or other people; "
              + "resume with the same --data, --seed and held-out people");
        }
        Checkpoint.read(out, block, adam, paramManager);
        history.addAll(h.history());
        start = h.epoch() + 1;
        progress.printf(Locale.ROOT, "resuming after epoch %d of %s%n", h.epoch(), out);
      }
      ensureGradients(block);
      frozen.forEach(stage -> stage.parameters().forEach(p -> p.freeze(true)));

      BatchNormStatistics bn = new BatchNormStatistics(block, net.batchNormMomentum());
      int bnBatch = sampler.identitiesPerBatch() * sampler.imagesPerIdentity();
      HeldOutPairs pairs = split.hasHeldOut() ? HeldOutPairs.balanced(labels(split.heldOut()), o.seed()) : null;
      VerificationDiagnosis diagnosis;
      try (Trainer trainer = newTrainer(model, adam, o.margin())) {
        float[][] heldOut = null; // the held-out encodings of the last evaluation, reused by the diagnosis
        if (history.isEmpty()) {
          long t0 = System.nanoTime();
          bn.recompute(trainer, split.training(), format, BN_PICTURES, bnBatch, o.seed());
          heldOut = encodeHeldOut(trainer, split.heldOut(), format, pairs);
          HeldOutPairs.Result r0 = score(pairs, heldOut);
          history.add(new EpochResult(0, Double.NaN, Double.NaN, r0.accuracy(), r0.threshold(),
              (System.nanoTime() - t0) / 1e9, Double.NaN));
          progress.printf(Locale.ROOT, "untrained: held-out accuracy %s (threshold %s, %d pairs of %d people)%n",
              pct(r0.accuracy()), num(r0.threshold()), r0.pairs(), heldNames.size());
        }
        for (int epoch = start; epoch <= o.epochs(); epoch++) {
          long t0 = System.nanoTime();
          double lossSum = 0;
          double activeSum = 0;
          double teacherSum = 0;
          int steps = 0;
          int lossSteps = 0;
          int pictures = 0;
          adam.setLearningRate(o.learningRateAt(epoch));
          List<PkSampler.Batch> batches = sampler.epoch(epoch);
          for (int b = 0; b < batches.size(); b++) {
            stopIfRequested(epoch, out);
            PkSampler.Batch batch = batches.get(b);
            Random rnd = new Random(Seeds.mix(o.seed(), 0xA0A0, epoch, b));
            float[] step = trainStep(trainer, split.training(), batch, format, augmenter, rnd, selector, targets);
            pictures += batch.size();
            if (step != null) {
              if (Float.isFinite(step[0])) {
                lossSum += step[0];
                lossSteps++;
              }
              activeSum += step[1];
              teacherSum += step[2];
              steps++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (System.console() != null) {
              progress.printf(Locale.ROOT, "\repoch %d/%d  batch %d/%d  loss %s  active %s%s  %.1f pictures/s   ",
                  epoch, o.epochs(), b + 1, batches.size(), num(lossSteps == 0 ? Double.NaN : lossSum / lossSteps),
                  pct(steps == 0 ? Double.NaN : activeSum / steps), teacherTerm(targets, teacherSum, steps),
                  pictures / secs);
            }
          }
          double trainSecs = (System.nanoTime() - t0) / 1e9;
          stopIfRequested(epoch, out);
          bn.recompute(trainer, split.training(), format, BN_PICTURES, bnBatch, o.seed());
          heldOut = encodeHeldOut(trainer, split.heldOut(), format, pairs);
          HeldOutPairs.Result r = score(pairs, heldOut);
          EpochResult er = new EpochResult(epoch, lossSteps == 0 ? Double.NaN : lossSum / lossSteps,
              steps == 0 ? Double.NaN : activeSum / steps, r.accuracy(), r.threshold(), trainSecs, pictures / trainSecs);
          history.add(er);
          progress.printf(Locale.ROOT, "%sepoch %d/%d  loss %s  active %s%s  held-out %s (threshold %s)  %.1f pictures/s%n",
              System.console() != null ? "\r" : "", epoch, o.epochs(), num(er.loss()), pct(er.activeShare()),
              teacherTerm(targets, teacherSum, steps), pct(er.accuracy()), num(er.threshold()), er.picturesPerSecond());
          Checkpoint.write(out, new Checkpoint.Header(net.model(), o.data().toString(), o.seed(), epoch, trainNames,
              heldNames, history, o.freezeThrough(), distillation(targets)), block, adam);
          TrainingPlot.write(history, title(net, o), out.resolve("training.png"));
        }
        if (heldOut == null) { // a resumed run that had nothing left to train
          heldOut = encodeHeldOut(trainer, split.heldOut(), format, pairs);
        }
        diagnosis = pairs == null ? VerificationDiagnosis.NONE : VerificationDiagnosis.of(heldOut,
            labels(split.heldOut()), heldNames, history.get(history.size() - 1).threshold());
      }
      List<String> files = net.saveWeights(out.resolve("weights"));
      TrainingPlot.write(history, title(net, o), out.resolve("training.png"));
      ModelCard card = card(net, all, split, history, files, frozen, distillation(targets), diagnosis);
      card.write(out);
      return new Outcome(List.copyOf(history), card, out);
    }
  }

  /** "  to teacher 0.1234" (the mean squared distance to the teacher's encodings over the epoch), or nothing without a teacher. */
  private static String teacherTerm(TeacherTargets targets, double sum, int steps) {
    return targets == null ? "" : "  to teacher " + num(steps == 0 ? Double.NaN : sum / steps);
  }

  private static ModelCard.Distillation distillation(TeacherTargets targets) {
    return targets == null ? null : new ModelCard.Distillation(targets.model(), targets.weight());
  }

  private static String describe(ModelCard.Distillation d) {
    return d == null ? "without a teacher" : "with --teacher " + d.model() + " --teacher-weight " + d.weight();
  }

  /**
   * The stages of {@code net}, from the input, that {@code --freeze last} keeps at their starting weights (none for
   * null); refuses a stage the network does not have, and the last one (nothing would be trained).
   */
  static List<TrainableNetwork.Stage> frozenStages(TrainableNetwork net, String last) {
    if (last == null) {
      return List.of();
    }
    List<TrainableNetwork.Stage> stages = net.stages();
    List<String> names = stages.stream().map(TrainableNetwork.Stage::name).toList();
    int i = names.indexOf(last);
    if (i < 0) {
      throw new FaceNetException("--freeze " + last + ": " + net.model() + " has no such stage (its stages: "
          + String.join(", ", names) + ")");
    }
    if (i == names.size() - 1) {
      throw new FaceNetException("--freeze " + last + ": that is the last stage, so nothing would be trained; "
          + "name an earlier one");
    }
    return stages.subList(0, i + 1);
  }

  /** Leaves {@link ChipSet#read} (which skips pictures that fail with a FaceNetException) when a stop was requested. */
  private static final class StopWhileReading extends RuntimeException {
    StopWhileReading() {
      super(null, null, false, false);
    }
  }

  private ChipMaker stoppable(ChipMaker chips) {
    return new ChipMaker() {
      @Override
      public String crop() {
        return chips.crop();
      }

      @Override
      public Cut cut(BufferedImage picture, int size) {
        if (stopRequested) {
          throw new StopWhileReading();
        }
        return chips.cut(picture, size);
      }
    };
  }

  /** Throws {@link TrainingStopped} when a stop was requested; only called where nothing of {@code epoch} is saved yet. */
  private void stopIfRequested(int epoch, Path out) {
    if (stopRequested) {
      if (System.console() != null) {
        progress.println(); // end the progress line the terminal shows
      }
      throw TrainingStopped.during(epoch, epoch - 1, out);
    }
  }

  /** A DJL trainer for {@code model} with the seed's triplet loss and {@code adam}, on the chosen device. */
  static Trainer newTrainer(Model model, ResumableAdam adam, float margin) {
    DefaultTrainingConfig config = new DefaultTrainingConfig(new TripletLoss(margin))
        .optOptimizer(adam)
        .optDevices(new ai.djl.Device[] {Torch.device()});
    return model.newTrainer(config);
  }

  /**
   * One optimisation step on one batch; returns {mean loss per selected triplet, active share}, or null when
   * the batch gave no triplet with a loss (nothing to learn from it; no step taken).
   */
  static float[] trainStep(Trainer trainer, ChipSet data, PkSampler.Batch batch, ChipFormat format,
      Augmenter augmenter, Random rnd, TripletSelector selector) {
    return trainStep(trainer, data, batch, format, augmenter, rnd, selector, null);
  }

  /**
   * One optimisation step on one batch, the triplet loss plus {@code targets}' distillation term (when not null).
   * Returns {mean triplet loss per selected triplet (NaN when none was selected), active share, mean squared
   * distance to the teacher's encodings (NaN without a teacher)}, or null when there was nothing to learn from the batch (no triplet with
   * a loss and no teacher; no step taken).
   */
  static float[] trainStep(Trainer trainer, ChipSet data, PkSampler.Batch batch, ChipFormat format,
      Augmenter augmenter, Random rnd, TripletSelector selector, TeacherTargets targets) {
    int n = batch.size();
    int floats = format.floats();
    float[] x = new float[n * floats];
    for (int i = 0; i < n; i++) {
      byte[] chip = data.identities().get(batch.people()[i]).chips().get(batch.chips()[i]).pixels();
      augmenter.apply(chip, format, rnd, x, i * floats);
    }
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDArray input = sub.create(x, new Shape(n, 3, format.size(), format.size()));
      float lossValue;
      int count;
      float active;
      float distillValue = Float.NaN;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray emb = trainer.forward(new NDList(input)).singletonOrThrow();
        float[][] e = rows(emb.toFloatArray(), n);
        float[][] d = TripletSelector.squaredDistances(e);
        List<Triplet> triplets = selector.select(d, batch.people());
        active = selector.activeShare(d, batch.people());
        count = triplets.size();
        NDArray loss = null;
        lossValue = 0;
        if (count > 0) {
          NDArray a = pick(sub, emb, triplets, 0, n);
          NDArray p = pick(sub, emb, triplets, 1, n);
          NDArray neg = pick(sub, emb, triplets, 2, n);
          loss = trainer.getLoss().evaluate(null, new NDList(a, p, neg));
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
      return new float[] {count == 0 ? Float.NaN : lossValue / count, active, distillValue};
    }
  }

  /** The pictures of {@code batch}, in its order. */
  private static List<Path> sources(ChipSet data, PkSampler.Batch batch) {
    List<Path> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(data.identities().get(batch.people()[i]).chips().get(batch.chips()[i]).source());
    }
    return out;
  }

  /** Rows of {@code emb} chosen by one member of each triplet, as a one-hot product (the gradient flows through). */
  private static NDArray pick(NDManager m, NDArray emb, List<Triplet> triplets, int member, int n) {
    float[] onehot = new float[triplets.size() * n];
    for (int t = 0; t < triplets.size(); t++) {
      Triplet tr = triplets.get(t);
      int col = member == 0 ? tr.anchor() : member == 1 ? tr.positive() : tr.negative();
      onehot[t * n + col] = 1f;
    }
    return m.create(onehot, new Shape(triplets.size(), n)).matMul(emb);
  }

  /** Encodes every chip of {@code set} without augmentation, with the network in inference mode. */
  static float[][] encode(Trainer trainer, ChipSet set, ChipFormat format) {
    return encode(set, format, trainer.getManager(), x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
  }

  /** Encodes every chip of {@code set} without augmentation by {@code forward}, batch by batch in sub-managers of {@code manager}. */
  static float[][] encode(ChipSet set, ChipFormat format, NDManager manager, java.util.function.UnaryOperator<NDArray> forward) {
    List<byte[]> chips = new ArrayList<>();
    for (ChipSet.Identity id : set.identities()) {
      for (ChipSet.Chip c : id.chips()) {
        chips.add(c.pixels());
      }
    }
    return encode(chips, format, manager, forward);
  }

  /** Encodes {@code chips} (channels-first bytes) without augmentation by {@code forward}. */
  static float[][] encode(List<byte[]> chips, ChipFormat format, NDManager manager,
      java.util.function.UnaryOperator<NDArray> forward) {
    float[][] out = new float[chips.size()][];
    int floats = format.floats();
    for (int from = 0; from < chips.size(); from += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, chips.size() - from);
      float[] x = new float[n * floats];
      for (int i = 0; i < n; i++) {
        Augmenter.NONE.apply(chips.get(from + i), format, null, x, i * floats);
      }
      try (NDManager sub = manager.newSubManager()) {
        NDArray emb = forward.apply(sub.create(x, new Shape(n, 3, format.size(), format.size())));
        float[][] e = rows(emb.toFloatArray(), n);
        System.arraycopy(e, 0, out, from, n);
      }
    }
    return out;
  }

  /** The held-out people's encodings, or null when there are no held-out pairs to score. */
  private static float[][] encodeHeldOut(Trainer trainer, ChipSet heldOut, ChipFormat format, HeldOutPairs pairs) {
    return pairs == null ? null : encode(trainer, heldOut, format);
  }

  private static HeldOutPairs.Result score(HeldOutPairs pairs, float[][] heldOut) {
    return pairs == null ? new HeldOutPairs.Result(Double.NaN, Double.NaN, 0) : pairs.evaluate(heldOut);
  }

  private static float[][] rows(float[] flat, int n) {
    int d = flat.length / n;
    float[][] e = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, e[i], 0, d);
    }
    return e;
  }

  static int[] labels(ChipSet set) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < set.identities().size(); i++) {
      for (int j = 0; j < set.identities().get(i).chips().size(); j++) {
        l.add(i);
      }
    }
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<String> names(ChipSet set) {
    return set.identities().stream().map(ChipSet.Identity::name).toList();
  }

  private static Parameter anyParameter(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      return p.getValue();
    }
    throw new IllegalStateException("the network has no parameters");
  }

  /** Parameters loaded from a file come without gradients attached; training needs them on the trainable ones. */
  private static void ensureGradients(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      if (param.requiresGradient() && !param.getArray().hasGradient()) {
        param.getArray().setRequiresGradient(true);
      }
    }
  }

  private ModelCard card(TrainableNetwork net, ChipSet all, HeldOutSplit split, List<EpochResult> history,
      List<String> files, List<TrainableNetwork.Stage> frozen, ModelCard.Distillation teacher, VerificationDiagnosis diagnosis) {
    TrainingOptions o = options;
    EpochResult first = history.get(0);
    EpochResult last = history.get(history.size() - 1);
    double secs = history.stream().filter(h -> h.epoch() > 0).mapToDouble(EpochResult::seconds).sum();
    double pics = history.stream().filter(h -> h.epoch() > 0 && Double.isFinite(h.picturesPerSecond()))
        .mapToDouble(h -> h.picturesPerSecond() * h.seconds()).sum();
    return new ModelCard(net.model(), all.crop(), o.data().toAbsolutePath().normalize().toString(), net.initialisation(),
        names(split.training()), names(split.heldOut()), split.training().chipCount(), split.heldOut().chipCount(),
        all.skippedPeople().size(), all.unreadable().size(), all.wholePictures().size(), last.epoch(), o.mining().id(), o.margin(),
        o.learningRate(), o.cosineSchedule() ? "cosine" : "constant", o.augment().toString(),
        frozen.stream().map(TrainableNetwork.Stage::name).toList(), teacher,
        o.identitiesPerBatch(), o.imagesPerIdentity(), o.seed(), first.accuracy(), last.accuracy(), last.threshold(), split.hasHeldOut() ? HeldOutPairs.balanced(labels(split.heldOut()), o.seed()).size() : 0,
        diagnosis.effectiveDimensions(), diagnosis.rejectedPeople(), secs, secs > 0 ? pics / secs : Double.NaN, files, history);
  }

  private static String title(TrainableNetwork net, TrainingOptions o) {
    return net.model() + " trained with the triplet loss (" + o.mining().id() + ", margin " + o.margin() + ") on "
        + o.data().getFileName();
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "-";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }
}
