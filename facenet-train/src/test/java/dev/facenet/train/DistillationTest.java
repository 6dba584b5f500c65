package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import dev.facenet.nn.Torch;
import dev.facenet.pipeline.FaceFinder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with a teacher (the pretrained ResNet) on real faces: a step pulls nn4.small2's
 * encodings towards the teacher's, only the training people are given to the teacher, and a run
 * with a teacher resumes exactly and refuses to continue with another teacher.
 */
class DistillationTest {
  @TempDir static Path shared;
  static Path data;
  static TrainableNetwork resnet;
  static FaceFinder finder;

  @TempDir Path tmp;

  @BeforeAll
  static void open() throws IOException {
    data =
        Fixtures.orlSubset(shared.resolve("orl6"), 1, 6, 4); // 4 people train, s5 and s6 held out
    resnet = TrainableNetworks.open("resnet", "pretrained", 1);
    finder = new FaceFinder();
  }

  @AfterAll
  static void close() {
    finder.close();
    resnet.close();
  }

  private static Teacher teacher(float weight) {
    return new Teacher(resnet, ChipMaker.aligned(finder, resnet.aligner()), weight);
  }

  private TrainingOptions options(Path out, int epochs) {
    return TestOptions.small(data, out, epochs);
  }

  @Test
  void theTeachersEncodingsAreTheOnesTheResNetGivesAtInferenceWithTheMirrorImage()
      throws IOException {
    Path two = Fixtures.orlSubset(shared.resolve("orl2"), 1, 2, 2);
    Map<Path, float[]> raw =
        TeacherTargets.rawEncodings(
            teacher(1f),
            ChipSet.read(two, teacher(1f).chips(), resnet.chipFormat().size(), w -> {}));
    assertThat(raw).hasSize(4);
    try (FaceNet facenet = FaceNet.builder().flip(true).build()) {
      for (Map.Entry<Path, float[]> e : raw.entrySet()) {
        float[] expected = facenet.encode(e.getKey()).values();
        assertThat(e.getValue()).hasSize(128);
        // The teacher's chip is stored as bytes, the pipeline's is not: they differ by rounding
        // only.
        for (int j = 0; j < 128; j++) {
          assertThat(e.getValue()[j])
              .as("%s [%d]", e.getKey(), j)
              .isCloseTo(expected[j], within(0.01f));
        }
      }
    }
  }

  @Test
  void mirroringAChipTwiceGivesItBack() {
    byte[] chip = new byte[3 * 4 * 4];
    for (int i = 0; i < chip.length; i++) {
      chip[i] = (byte) i;
    }
    byte[] m = TeacherTargets.mirror(chip, 4);
    assertThat(m[0]).isEqualTo((byte) 3); // first row of the first plane: 0 1 2 3 -> 3 2 1 0
    assertThat(m[16 + 4]).isEqualTo((byte) (16 + 7)); // second row of the second plane
    assertThat(TeacherTargets.mirror(m, 4)).isEqualTo(chip);
  }

  @Test
  void aStepPullsTheEncodingsTowardsTheTeachers() {
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 3);
        NDManager state = Torch.newManager();
        Model model = Model.newInstance("step", Torch.device(), "PyTorch")) {
      ChipSet set = ChipSet.read(data, ChipMaker.wholeImage(), net.chipFormat().size(), w -> {});
      Teacher t = teacher(1f);
      TeacherTargets targets =
          TeacherTargets.encode(
              t, ChipSet.read(data, t.chips(), resnet.chipFormat().size(), w -> {}));
      model.setBlock(net.block());
      ResumableAdam adam = new ResumableAdam(net.block(), state, 1e-3f);
      PkSampler.Batch batch =
          new PkSampler.Batch(
              new int[] {0, 0, 0, 0, 1, 1, 1, 1}, new int[] {0, 1, 2, 3, 0, 1, 2, 3});
      TripletSelector all = new TripletSelector(Mining.ALL, 0.2f);
      try (Trainer trainer = TrainingStep.newTrainer(model, adam, 0.2f)) {
        StepResult before =
            TrainingStep.run(
                trainer, set, batch, net.chipFormat(), Augmenter.NONE, new Random(1), all, targets);
        StepResult after =
            TrainingStep.run(
                trainer, set, batch, net.chipFormat(), Augmenter.NONE, new Random(1), all, targets);
        // Unit encodings against unit targets: a squared distance of about 2 at the random start.
        assertThat(before.teacherDistance()).isBetween(1f, 3f);
        assertThat(after.teacherDistance()).isLessThan(before.teacherDistance());
      }
    }
  }

  @Test
  void aRunWithATeacherResumesExactlyAndRefusesAnotherTeacher() throws IOException {
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    ByteArrayOutputStream firstLog = new ByteArrayOutputStream();
    TripletTrainer.Outcome a;
    Map<String, float[]> wa;
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
      a =
          new TripletTrainer(options(straight, 2), new PrintStream(firstLog), w -> {})
              .run(net, ChipMaker.wholeImage(), straight.resolve(ChipCache.FILE), teacher(10f));
      wa = TripletTrainerTest.weights(net);
    }
    // The teacher encodes the 16 training pictures only, never the held-out people's.
    assertThat(firstLog.toString())
        .contains(
            "teacher (resnet, weight 10.0): 16 training pictures encoded (0 chips read from "
                + straight.resolve(Teacher.CHIP_FILE)
                + ", 16 cut)")
        .containsPattern("epoch 1/2 .* to teacher \\d\\.\\d{4} .*held-out");
    assertThat(a.card().teacher()).isEqualTo(new ModelCard.Distillation("resnet", 10f));
    assertThat(a.card().toJson()).contains("\"teacher\": {").contains("\"model\": \"resnet\"");

    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
      new TripletTrainer(options(resumed, 1), new PrintStream(new ByteArrayOutputStream()), w -> {})
          .run(net, ChipMaker.wholeImage(), resumed.resolve(ChipCache.FILE), teacher(10f));
    }
    for (Teacher other : new Teacher[] {teacher(5f), null}) {
      try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
        assertThatThrownBy(
                () ->
                    new TripletTrainer(
                            TestOptions.resume(options(resumed, 2)),
                            new PrintStream(new ByteArrayOutputStream()),
                            w -> {})
                        .run(net, ChipMaker.wholeImage(), resumed.resolve(ChipCache.FILE), other))
            .isInstanceOf(FaceNetException.class)
            .hasMessage(
                resumed
                    + ": the checkpoint was trained with --teacher resnet --teacher-weight 10.0; resume "
                    + "with the same --teacher and --teacher-weight");
      }
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TripletTrainer.Outcome b;
    Map<String, float[]> wb;
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 99)) {
      b =
          new TripletTrainer(TestOptions.resume(options(resumed, 2)), new PrintStream(log), w -> {})
              .run(net, ChipMaker.wholeImage(), resumed.resolve(ChipCache.FILE), teacher(10f));
      wb = TripletTrainerTest.weights(net);
    }
    assertThat(log.toString()).contains("16 chips read from").contains("resuming after epoch 1");
    assertThat(b.history())
        .extracting(EpochResult::accuracy)
        .containsExactlyElementsOf(a.history().stream().map(EpochResult::accuracy).toList());
    assertThat(b.last().loss()).isEqualTo(a.last().loss());
    assertThat(wb.keySet()).isEqualTo(wa.keySet());
    for (String k : wa.keySet()) {
      assertThat(Arrays.equals(wb.get(k), wa.get(k)))
          .as("parameter %s is the same bit for bit", k)
          .isTrue();
    }
    // A new run into a folder that holds one is refused before the teacher's chips are cut.
    java.nio.file.Files.delete(straight.resolve(Teacher.CHIP_FILE));
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(
                          options(straight, 2),
                          new PrintStream(new ByteArrayOutputStream()),
                          w -> {})
                      .run(
                          net,
                          ChipMaker.wholeImage(),
                          straight.resolve(ChipCache.FILE),
                          teacher(10f)))
          .hasMessageContaining("already holds a training run");
    }
    assertThat(straight.resolve(Teacher.CHIP_FILE)).doesNotExist();
    // A run without a teacher cannot be continued with one either.
    Path plain = tmp.resolve("plain");
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
      new TripletTrainer(options(plain, 1), new PrintStream(new ByteArrayOutputStream()), w -> {})
          .run(net, ChipMaker.wholeImage(), null, null);
    }
    try (TrainableNetwork net = TrainableNetworks.open("nn4-small2", "random", 5)) {
      assertThatThrownBy(
              () ->
                  new TripletTrainer(
                          TestOptions.resume(options(plain, 2)),
                          new PrintStream(new ByteArrayOutputStream()),
                          w -> {})
                      .run(
                          net, ChipMaker.wholeImage(), plain.resolve(ChipCache.FILE), teacher(10f)))
          .hasMessageContaining("the checkpoint was trained without a teacher");
    }
  }
}
