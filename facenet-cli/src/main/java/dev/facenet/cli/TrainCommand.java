package dev.facenet.cli;

import static dev.facenet.cli.Formats.rejections;

import dev.facenet.ModelName;
import dev.facenet.common.CropMode;
import dev.facenet.common.Crops;
import dev.facenet.common.FaceNetException;
import dev.facenet.train.Augmenter;
import dev.facenet.train.ChipCache;
import dev.facenet.train.Mining;
import dev.facenet.train.ModelCard;
import dev.facenet.train.ShutdownGuard;
import dev.facenet.train.Teacher;
import dev.facenet.train.Training;
import dev.facenet.train.TrainingOptions;
import dev.facenet.train.TrainingStopped;
import dev.facenet.train.TripletTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenet train}: trains an encoder with the seed's triplet loss on a folder with one
 * sub-folder per person, holding some people out to measure verification on faces it never saw.
 * Progress goes to stderr; the summary (or with {@code --json} the model card) to stdout. Errors go
 * through the tool's handlers (exit code 2, one line); an interrupted run (Ctrl-C, kill) stops
 * after its current batch with one line and exit code 128 + the signal's number.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an encoder with the triplet loss (FaceNet) on a folder with one sub-folder per person.",
      "Writes into --out: checkpoint.bin (every epoch), weights/ (where --weights loads them), training.png "
          + "(loss and held-out accuracy per epoch), model-card.json and chips.bin (the cut chips, reused by "
          + "--resume and reruns)."
    })
public final class TrainCommand implements Callable<Integer> {

  /** How long an interrupted run may take to finish its batch before the JVM exits anyway. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Training pictures: DIR/<person>/<picture>.")
  Path data;

  @Option(
      names = "--model",
      defaultValue = TrainingOptions.DEFAULT_MODEL,
      paramLabel = "MODEL",
      converter = Choices.TrainableModels.class,
      completionCandidates = Choices.TrainableModels.class,
      description =
          "Network to train: ${COMPLETION-CANDIDATES}; nn4-small2 from random or CSV weights, resnet "
              + "fine-tuned from the pretrained weights or a face-api weights folder (default: ${DEFAULT-VALUE}).")
  ModelName model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder of the run.")
  Path out;

  @Option(
      names = "--init",
      paramLabel = "random|pretrained|WEIGHTS",
      description =
          "Starting weights: random (seeded; nn4-small2), pretrained (resnet) or a weights folder "
              + "(nn4-small2: OpenFace CSV; resnet: face-api manifest) (default: random for nn4-small2, pretrained for resnet).")
  String init;

  @Option(
      names = "--epochs",
      defaultValue = "" + TrainingOptions.DEFAULT_EPOCHS,
      description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--identities-per-batch",
      defaultValue = "" + TrainingOptions.DEFAULT_IDENTITIES_PER_BATCH,
      paramLabel = "P",
      description = "People per batch (default: ${DEFAULT-VALUE}).")
  int identitiesPerBatch;

  @Option(
      names = "--images-per-identity",
      defaultValue = "" + TrainingOptions.DEFAULT_IMAGES_PER_IDENTITY,
      paramLabel = "K",
      description = "Pictures of each person per batch (default: ${DEFAULT-VALUE}).")
  int imagesPerIdentity;

  @Option(
      names = "--margin",
      defaultValue = "" + TrainingOptions.DEFAULT_MARGIN,
      description = "Triplet loss margin alpha (default: ${DEFAULT-VALUE}).")
  float margin;

  @Option(
      names = "--lr",
      paramLabel = "X",
      description =
          "Adam learning rate (default: 0.001 for nn4-small2, 0.00001 for fine-tuning resnet).")
  Float lr;

  @Option(
      names = "--lr-schedule",
      defaultValue = TrainingOptions.DEFAULT_SCHEDULE,
      paramLabel = "cosine|constant",
      description =
          "Learning rate over the epochs: cosine from --lr down to --lr/20, or constant (default: ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(
      names = "--mining",
      defaultValue = TrainingOptions.DEFAULT_MINING,
      paramLabel = "semi-hard|batch-hard|all",
      converter = Choices.Minings.class,
      completionCandidates = Choices.Minings.class,
      description =
          "Triplet selection in a batch: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Mining mining;

  @Option(
      names = "--val-identities",
      defaultValue = "" + TrainingOptions.DEFAULT_VAL_IDENTITIES,
      paramLabel = "N",
      description =
          "People held out (drawn with --seed) for verification after every epoch (default: ${DEFAULT-VALUE}).")
  int valIdentities;

  @Option(
      names = "--val-people",
      split = ",",
      paramLabel = "NAMES",
      description = "Hold out these people instead (comma-separated; s31..s40 is a range).")
  List<String> valPeople;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainingOptions.DEFAULT_SEED,
      description =
          "Seed of the initialisation, batches and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--augment",
      defaultValue = TrainingOptions.DEFAULT_AUGMENT,
      paramLabel = "none|light|strong",
      description =
          "Augmentation of the training chips: light = flip, shifts, scale jitter; strong adds small "
              + "rotations and brightness/contrast changes (default: ${DEFAULT-VALUE}).")
  String augment;

  @Option(
      names = "--crop",
      defaultValue = "aligned",
      paramLabel = "aligned|whole",
      converter = Choices.CropModes.class,
      completionCandidates = Choices.CropModes.class,
      description =
          "Training chips: aligned = found and aligned as the encoder's input is at inference (dlib chip "
              + "at the encoder's size; the whole picture where no face is found), whole = the whole picture padded "
              + "and resized (default: ${DEFAULT-VALUE}).")
  CropMode crop;

  @Option(
      names = "--freeze",
      paramLabel = "STAGE",
      description =
          "Keep the network's stages from the input up to and including STAGE at their starting weights "
              + "and train the rest (nn4-small2: stem, 3a, 3b, 3c, 4a, 4e, 5a, 5b, head; resnet: conv32_down, conv32_1 .. "
              + "conv256_down_out, fc, face-api's names). For fine-tuning on a few people; steps are faster (default: train all).")
  String freeze;

  @Option(
      names = "--teacher",
      defaultValue = "none",
      paramLabel = "none|resnet",
      description =
          "Also pull each training picture's encoding towards the pretrained ResNet's encoding of it "
              + "(knowledge distillation; centred and normalised), so a network trained on few people learns what the "
              + "ResNet learnt from many. The teacher's aligned chips are cut once into teacher-chips.bin "
              + "(default: ${DEFAULT-VALUE}: the triplet loss alone).")
  String teacher;

  @Option(
      names = "--teacher-weight",
      paramLabel = "W",
      description =
          "Weight of the teacher's term (the sum of squared distances to its encodings) next to the "
              + "triplet loss (default: 100: the teacher leads, the triplet loss keeps the people apart where it does not).")
  Float teacherWeight;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(
      names = "--chip-cache",
      paramLabel = "FILE",
      description =
          "Where the cut chips are kept between runs; point several runs on the same data and crop at one "
              + "file to cut them once (default: chips.bin in --out).")
  Path chipCache;

  @Option(
      names = "--device",
      defaultValue = "auto",
      paramLabel = "cpu|gpu|auto",
      description = "Where to train (default: ${DEFAULT-VALUE}: the GPU when one is usable).")
  String device;

  @Option(names = "--json", description = "Print the model card as JSON at the end.")
  boolean json;

  @Option(names = "--debug", hidden = true, description = "Print the stack trace of an error.")
  boolean debug;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outw = spec.commandLine().getOut();
    Training.useDevice(device);
    TrainingOptions o =
        new TrainingOptions(
            data,
            model.id(),
            out,
            init,
            epochs,
            identitiesPerBatch,
            imagesPerIdentity,
            margin,
            lr != null
                ? lr
                : model.id().equals("resnet")
                    ? TrainingOptions.DEFAULT_FINE_TUNING_LEARNING_RATE
                    : TrainingOptions.DEFAULT_LEARNING_RATE,
            cosine(lrSchedule),
            mining,
            valIdentities,
            expand(valPeople),
            seed,
            Augmenter.named(augment),
            resume,
            freeze);
    String teacherId =
        teacherModel(); // wrong teacher flags are refused before any network is opened
    TripletTrainer trainer =
        new TripletTrainer(
            o,
            System.err,
            w -> {
              err.println("warning: " + w);
              err.flush();
            });
    // Ctrl-C or kill: the run stops after its current batch; the JVM waits for that and for the
    // line below.
    try (ShutdownGuard guard = ShutdownGuard.install(trainer::requestStop, STOP_GRACE)) {
      try {
        return train(trainer, o, teacherId, outw);
      } catch (TrainingStopped e) {
        err.println("facenet: " + ErrorHandlers.message(e));
        err.flush();
        return ErrorHandlers.INTERRUPTED;
      }
    }
  }

  private int train(TripletTrainer trainer, TrainingOptions o, String teacherId, PrintWriter outw) {
    TripletTrainer.Outcome r =
        Training.run(
            trainer,
            o,
            crop,
            teacherId,
            teacherWeight != null ? teacherWeight : Teacher.DEFAULT_WEIGHT,
            chipCache != null ? chipCache : out.resolve(ChipCache.FILE));
    if (json) {
      outw.println(r.card().toJson());
    } else {
      String heldOut =
          Double.isFinite(r.card().heldOutAccuracy())
              ? String.format(
                  Locale.ROOT,
                  "held-out accuracy %.1f%% (untrained %.1f%%) at threshold %.3f",
                  100 * r.card().heldOutAccuracy(),
                  100 * r.card().untrainedHeldOutAccuracy(),
                  r.card().threshold())
              : "no held-out people to measure it on";
      outw.printf(
          Locale.ROOT,
          "trained %s for %d epoch%s on %d people (%d pictures, %s chips, %d without a face)%s; %s;"
              + " %.1f pictures/s; output in %s%n",
          r.card().model(),
          r.card().epochs(),
          r.card().epochs() == 1 ? "" : "s",
          r.card().trainingPeople().size(),
          r.card().trainingPictures(),
          r.card().crop(),
          r.card().wholePictureFallbacks(),
          r.card().teacher() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  " with %s as teacher (weight %s)",
                  r.card().teacher().model(),
                  r.card().teacher().weight()),
          heldOut,
          r.card().picturesPerSecond(),
          out);
      if (Double.isFinite(r.card().heldOutEffectiveDimensions())) {
        outw.printf(
            Locale.ROOT,
            "held-out encodings spread over about %.1f dimensions; same-person pairs called different: %s%n",
            r.card().heldOutEffectiveDimensions(),
            rejections(r.card().heldOutRejections(), ModelCard.FILE));
      }
      // The weights were trained on one kind of chip; measure them on the same kind.
      outw.printf(
          Locale.ROOT,
          "measure or use them on the chips they learnt: --model %s --weights %s%s%n",
          r.card().model(),
          out.resolve("weights"),
          r.card().crop().equals(Crops.WHOLE_IMAGE) ? " --whole-image" : "");
    }
    outw.flush();
    return 0;
  }

  /**
   * The teacher's model id, or null for none; the pretrained ResNet is the one encoder with weights
   * to teach from.
   */
  private String teacherModel() {
    String t = teacher.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "none" -> {
        if (teacherWeight != null) {
          throw new FaceNetException("--teacher-weight needs a --teacher (resnet)");
        }
        yield null;
      }
      case "resnet" -> {
        if (teacherWeight != null) {
          Teacher.requireValidWeight(teacherWeight);
        }
        yield t;
      }
      default ->
          throw new FaceNetException(
              "unknown --teacher '"
                  + teacher
                  + "' (none, or resnet: the pretrained "
                  + "encoder that ships with facenet)");
    };
  }

  private static boolean cosine(String schedule) {
    return switch (schedule.trim().toLowerCase(Locale.ROOT)) {
      case "cosine" -> true;
      case "constant" -> false;
      default ->
          throw new FaceNetException(
              "unknown --lr-schedule '" + schedule + "' (cosine or constant)");
    };
  }

  private static final Pattern RANGE = Pattern.compile("(.*?)(\\d+)\\.\\.(.*?)(\\d+)");

  /** Expands {@code s31..s40} into s31, s32, ..., s40; other names stay as they are. */
  static List<String> expand(List<String> names) {
    List<String> out = new ArrayList<>();
    if (names == null) {
      return out;
    }
    for (String n : names) {
      Matcher m = RANGE.matcher(n.trim());
      if (m.matches() && m.group(1).equals(m.group(3))) {
        int from = Integer.parseInt(m.group(2));
        int to = Integer.parseInt(m.group(4));
        if (to < from || to - from > 100_000) {
          throw new FaceNetException("--val-people: bad range " + n);
        }
        for (int i = from; i <= to; i++) {
          out.add(m.group(1) + i);
        }
      } else if (!n.isBlank()) {
        out.add(n.trim());
      }
    }
    return out;
  }
}
