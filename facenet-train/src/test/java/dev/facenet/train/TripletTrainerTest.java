package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.common.FaceNetException;
import dev.facenet.nn.Torch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop on real faces (a few ORL people) and the real network: a step lowers the loss,
 * a resumed run ends exactly where an uninterrupted one does, and the run's output (checkpoint,
 * weights, plot, card).
 */
class TripletTrainerTest {
  @TempDir static Path shared;
  static Path data;

  @TempDir Path tmp;

  @BeforeAll
  static void data() throws IOException {
    // 6 people x 4 pictures: 4 train, 2 held out.
    data = Fixtures.orlSubset(shared.resolve("orl6"), 1, 6, 4);
  }

  static TrainableNetwork network(long seed) {
    return TrainableNetworks.open("nn4-small2", "random", seed);
  }

  private TrainingOptions options(Path out, int epochs) {
    return TestOptions.small(data, out, epochs);
  }

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @Test
  void oneStepLowersTheLossOnAFixedBatch() {
    try (TrainableNetwork net = network(3);
        NDManager state = Torch.newManager();
        Model model = Model.newInstance("step", Torch.device(), "PyTorch")) {
      ChipSet set = ChipSet.read(data, ChipMaker.wholeImage(), net.chipFormat().size(), w -> {});
      model.setBlock(net.block());
      ResumableAdam adam = new ResumableAdam(net.block(), state, 1e-3f);
      // Every picture of 3 people: with "all" mining the loss is the same function of the weights
      // each time.
      PkSampler.Batch batch =
          new PkSampler.Batch(
              new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2},
              new int[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3});
      TripletSelector all = new TripletSelector(Mining.ALL, 0.2f);
      try (Trainer trainer = TrainingStep.newTrainer(model, adam, 0.2f)) {
        StepResult before =
            TrainingStep.run(
                trainer, set, batch, net.chipFormat(), Augmenter.NONE, new Random(1), all, null);
        StepResult after =
            TrainingStep.run(
                trainer, set, batch, net.chipFormat(), Augmenter.NONE, new Random(1), all, null);
        assertThat(before).isNotNull();
        assertThat(after).isNotNull();
        assertThat(after.tripletLoss()).isLessThan(before.tripletLoss());
        assertThat(before.teacherDistance()).as("no teacher, no distance to one").isNaN();
      }
    }
  }

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    Map<String, float[]> a;
    Map<String, float[]> b;
    List<EpochResult> ha;
    List<EpochResult> hb;
    ModelCard ca;
    ModelCard cb;
    try (TrainableNetwork net = network(5)) {
      TripletTrainer.Outcome o =
          new TripletTrainer(options(straight, 2), QUIET, w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
      ha = o.history();
      ca = o.card();
      a = weights(net);
    }
    try (TrainableNetwork net = network(5)) {
      new TripletTrainer(options(resumed, 1), QUIET, w -> {})
          .run(net, ChipMaker.wholeImage(), null, null);
    }
    // A run killed while writing the next checkpoint leaves its temporary file behind; it must not
    // matter.
    Files.writeString(resumed.resolve(Checkpoint.FILE + ".tmp"), "half a checkpoint");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (TrainableNetwork net = network(99)) {
      TripletTrainer.Outcome o =
          new TripletTrainer(TestOptions.resume(options(resumed, 2)), new PrintStream(log), w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
      hb = o.history();
      cb = o.card();
      b = weights(net);
    }
    assertThat(log.toString()).contains("resuming after epoch 1");
    assertThat(hb).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(hb.get(i).epoch()).isEqualTo(ha.get(i).epoch());
      assertThat(hb.get(i).accuracy()).isEqualTo(ha.get(i).accuracy());
      assertThat(hb.get(i).threshold()).isEqualTo(ha.get(i).threshold());
    }
    assertThat(hb.get(2).loss()).isEqualTo(ha.get(2).loss());
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String k : a.keySet()) {
      assertThat(java.util.Arrays.equals(b.get(k), a.get(k)))
          .as("parameter %s is the same bit for bit", k)
          .isTrue();
    }
    assertThat(cb.heldOutEffectiveDimensions()).isEqualTo(ca.heldOutEffectiveDimensions());
    assertThat(cb.heldOutRejections()).isEqualTo(ca.heldOutRejections());
    // Resuming a finished run trains nothing; its diagnosis encodes the held-out people itself and
    // agrees.
    try (TrainableNetwork net = network(7)) {
      ModelCard again =
          new TripletTrainer(TestOptions.resume(options(resumed, 2)), QUIET, w -> {})
              .run(net, ChipMaker.wholeImage(), null, null)
              .card();
      assertThat(again.heldOutEffectiveDimensions()).isEqualTo(ca.heldOutEffectiveDimensions());
      assertThat(again.heldOutRejections()).isEqualTo(ca.heldOutRejections());
      assertThat(again.history())
          .extracting(EpochResult::accuracy)
          .containsExactlyElementsOf(ha.stream().map(EpochResult::accuracy).toList());
    }
  }

  @Test
  void aStopRequestEndsTheRunAfterTheLastWholeEpochAndResumeFinishesIt() throws Exception {
    Path out = tmp.resolve("stopped");
    TripletTrainer[] trainer = new TripletTrainer[1];
    // The progress stream hears "epoch 1/3 ..." once epoch 1 is evaluated (its checkpoint comes
    // right after);
    // it asks for the stop from another thread, as a shutdown hook would.
    PrintStream progress =
        new PrintStream(new ByteArrayOutputStream(), true) {
          @Override
          public PrintStream printf(java.util.Locale l, String format, Object... args) {
            if (String.format(l, format, args).startsWith("epoch 1/")) {
              Thread asker = new Thread(trainer[0]::requestStop);
              asker.start();
              try {
                asker.join();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
            return super.printf(l, format, args);
          }
        };
    try (TrainableNetwork net = network(11)) {
      trainer[0] = new TripletTrainer(options(out, 3), progress, w -> {});
      assertThatThrownBy(() -> trainer[0].run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOfSatisfying(
              TrainingStopped.class,
              e -> {
                assertThat(e.epoch()).isEqualTo(2);
                assertThat(e.lastCheckpoint()).isEqualTo(1);
              })
          .isInstanceOf(FaceNetException.class)
          .hasMessage(
              "interrupted during epoch 2; the checkpoint after epoch 1 in "
                  + out
                  + " is intact: continue with --resume");
    }
    assertThat(Checkpoint.header(out).epoch()).isEqualTo(1);
    assertThat(Checkpoint.header(out).history()).hasSize(2);
    assertThat(out.resolve(Checkpoint.FILE + ".tmp")).doesNotExist();
    assertThat(out.resolve(ModelCard.FILE))
        .as("a stopped run is not a finished one")
        .doesNotExist();

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<EpochResult> history;
    try (TrainableNetwork net = network(11)) {
      history =
          new TripletTrainer(TestOptions.resume(options(out, 3)), new PrintStream(log), w -> {})
              .run(net, ChipMaker.wholeImage(), null, null)
              .history();
    }
    assertThat(log.toString()).contains("resuming after epoch 1");
    assertThat(history).extracting(EpochResult::epoch).containsExactly(0, 1, 2, 3);
    assertThat(Checkpoint.header(out).epoch()).isEqualTo(3);
    assertThat(out.resolve(ModelCard.FILE)).isRegularFile();
  }

  @Test
  void aStopRequestedBeforeTheChipsAreCutEndsTheRunWithoutWritingAnything() {
    Path out = tmp.resolve("never");
    try (TrainableNetwork net = network(12)) {
      TripletTrainer trainer = new TripletTrainer(options(out, 1), QUIET, w -> {});
      trainer.requestStop(); // e.g. Ctrl-C while the network was loading
      assertThatThrownBy(() -> trainer.run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOfSatisfying(TrainingStopped.class, e -> assertThat(e.epoch()).isZero())
          .hasMessage(
              "interrupted while cutting the training chips, before training; nothing in "
                  + out
                  + " was changed");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void writesCheckpointPlotAndModelCardAndRefusesToOverwriteARun() throws IOException {
    Path out = tmp.resolve("run");
    TripletTrainer.Outcome o;
    try (TrainableNetwork net = network(7)) {
      o =
          new TripletTrainer(options(out, 1), QUIET, w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
    }
    assertThat(out.resolve(Checkpoint.FILE)).isRegularFile();
    assertThat(out.resolve(Checkpoint.FILE + ".tmp")).doesNotExist();
    BufferedImage png = ImageIO.read(out.resolve("training.png").toFile());
    assertThat(png.getWidth()).isGreaterThan(400);
    JsonObject card =
        JsonParser.parseString(Files.readString(out.resolve(ModelCard.FILE))).getAsJsonObject();
    assertThat(card.get("epochs").getAsInt()).isEqualTo(1);
    assertThat(card.getAsJsonArray("heldOutPeople")).hasSize(2);
    assertThat(card.getAsJsonArray("trainingPeople")).hasSize(4);
    assertThat(card.get("heldOutAccuracy").getAsDouble())
        .isEqualTo(o.last().accuracy())
        .isBetween(0.5, 1.0);
    assertThat(card.get("threshold").getAsDouble()).isPositive();
    // Two held-out people of four pictures each: at most six rejected same-person pairs apiece,
    // only theirs.
    assertThat(card.get("heldOutEffectiveDimensions").getAsDouble()).isBetween(1.0, 128.0);
    assertThat(o.card().heldOutRejections())
        .allSatisfy(
            r -> {
              assertThat(r.person()).isIn(o.card().heldOutPeople());
              assertThat(r.pairs()).isEqualTo(6);
              assertThat(r.rejected()).isBetween(1, 6);
            });
    assertThat(card.getAsJsonArray("heldOutRejections"))
        .hasSameSizeAs(o.card().heldOutRejections());
    assertThat(card.getAsJsonArray("history").get(0).getAsJsonObject().get("loss").isJsonNull())
        .isTrue();
    assertThat(card.get("data").getAsString())
        .isEqualTo(data.toAbsolutePath().normalize().toString());

    try (TrainableNetwork net = network(7)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(options(out, 2), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("--resume");
    }
  }

  @Test
  void frozenStagesKeepTheirStartingWeightsWhileTheRestLearns() {
    Path out = tmp.resolve("frozen");
    try (TrainableNetwork net = network(8)) {
      java.util.Set<String> frozenIds = new java.util.HashSet<>();
      for (TrainableNetwork.Stage stage : net.stages().subList(0, 3)) {
        stage.parameters().forEach(p -> frozenIds.add(p.getId()));
      }
      Map<String, float[]> before = new LinkedHashMap<>();
      Map<String, Boolean> frozen = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : net.block().getParameters()) {
        if (p.getValue()
            .requiresGradient()) { // batch-norm running statistics are recomputed, not learnt
          before.put(p.getKey(), p.getValue().getArray().toFloatArray());
          frozen.put(p.getKey(), frozenIds.contains(p.getValue().getId()));
        }
      }
      TripletTrainer.Outcome o =
          new TripletTrainer(TestOptions.freeze(options(out, 1), "3b"), QUIET, w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
      Map<String, float[]> after = weights(net);
      int kept = 0;
      int learnt = 0;
      for (String k : before.keySet()) {
        boolean same = java.util.Arrays.equals(before.get(k), after.get(k));
        if (frozen.get(k)) {
          assertThat(same).as("frozen parameter %s is unchanged", k).isTrue();
          kept++;
        } else if (!same) {
          learnt++;
        }
      }
      assertThat(kept).isGreaterThan(20);
      assertThat(learnt).as("parameters after 3b that moved").isGreaterThan(20);
      assertThat(o.card().frozenStages()).containsExactly("stem", "3a", "3b");
    }
    try (TrainableNetwork net = network(8)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.resume(options(out, 2)), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("--freeze 3b; resume with the same --freeze");
    }
  }

  @Test
  void aStageTheNetworkDoesNotHaveOrItsLastStageIsRefusedBeforeAnythingIsWritten() {
    Path out = tmp.resolve("refused");
    try (TrainableNetwork net = network(9)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.freeze(options(out, 1), "4b"), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessage(
              "--freeze 4b: nn4-small2 has no such stage (its stages: stem, 3a, 3b, 3c, 4a, 4e, 5a, 5b, head)");
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.freeze(options(out, 1), "head"), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("nothing would be trained");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesToResumeWithoutACheckpointOrFromADamagedOne() throws IOException {
    Path out = tmp.resolve("none");
    try (TrainableNetwork net = network(1)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.resume(options(out, 1)), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("no checkpoint.bin");
    }
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    try (TrainableNetwork net = network(1)) {
      new TripletTrainer(options(bad, 1), QUIET, w -> {})
          .run(net, ChipMaker.wholeImage(), null, null);
    }
    byte[] all = Files.readAllBytes(bad.resolve(Checkpoint.FILE));
    all[all.length / 2] ^= 0x55;
    Files.write(bad.resolve(Checkpoint.FILE), all);
    try (TrainableNetwork net = network(1)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.resume(options(bad, 2)), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("damaged checkpoint");
    }
    // Someone else's file under our name: refused by its first bytes, and left as it was.
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve(Checkpoint.FILE), "a shopping list, not a checkpoint");
    try (TrainableNetwork net = network(1)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(TestOptions.resume(options(foreign, 2)), QUIET, w -> {})
                      .run(net, ChipMaker.wholeImage(), null, null))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("not a facenet training checkpoint");
    }
    assertThat(Files.readString(foreign.resolve(Checkpoint.FILE)))
        .isEqualTo("a shopping list, not a checkpoint");
  }

  /** Every parameter of {@code net} by name, copied out of the native arrays. */
  static Map<String, float[]> weights(TrainableNetwork net) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : net.block().getParameters()) {
      m.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return m;
  }
}
