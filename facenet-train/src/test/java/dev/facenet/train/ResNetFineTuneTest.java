package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.embed.FaceRecognitionNet;
import dev.facenet.embed.resnet.FaceRecognitionBlock;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning face-api's pretrained ResNet: its weights survive the trip through face-api's format,
 * and one epoch on a few Yale people writes weights that {@code --model resnet --weights DIR} loads
 * and encodes with.
 */
class ResNetFineTuneTest {
  @TempDir Path tmp;

  private static final String[] PICTURES = {"normal.gif", "happy.gif", "glasses.gif"};

  private Path yale(int people) throws IOException {
    Path dir = tmp.resolve("yale");
    for (int s = 1; s <= people; s++) {
      String name = String.format("subject%02d", s);
      Path to = Files.createDirectories(dir.resolve(name));
      for (String p : PICTURES) {
        Files.copy(Fixtures.yale().resolve(name).resolve(p), to.resolve(p));
      }
    }
    return dir;
  }

  @Test
  void pretrainedWeightsWrittenInFaceApisFormatEncodeExactlyAsTheShippedOnes() throws IOException {
    BufferedImage face = ImageLoader.load(Fixtures.yale().resolve("subject05/normal.gif"));
    Path dir = tmp.resolve("copy");
    try (ResNetTrainable net = ResNetTrainable.pretrained()) {
      assertThat(net.saveWeights(dir))
          .containsExactly(
              FaceRecognitionNet.WEIGHTS + "-weights_manifest.json",
              FaceRecognitionNet.WEIGHTS + "-shard1");
    }
    try (FaceEncoder shipped = FaceEncoders.open("resnet", EncoderOptions.defaults());
        FaceEncoder copy = FaceEncoders.open("resnet", EncoderOptions.withWeights(dir))) {
      float[] a = shipped.encode(List.of(face))[0];
      float[] b = copy.encode(List.of(face))[0];
      // The shipped weights are uint8-quantized; dequantized once, they are written and read back
      // as float32.
      assertThat(distance(a, b)).isLessThan(1e-4);
    }
  }

  @Test
  void oneEpochOfFineTuningWritesWeightsTheResNetEncoderLoads() throws IOException {
    Path data = yale(4);
    Path out = tmp.resolve("run");
    TrainingOptions o =
        new TrainingOptions(
            data,
            "resnet",
            out,
            "pretrained",
            1,
            2,
            3,
            0.2f,
            TrainingOptions.DEFAULT_FINE_TUNING_LEARNING_RATE,
            false,
            Mining.ALL,
            2,
            List.of("subject03", "subject04"),
            42L,
            Augmenter.NONE,
            false,
            null);
    TripletTrainer.Outcome r;
    try (TrainableNetwork net = TrainableNetworks.open("resnet", null, 42L)) {
      assertThat(net.initialisation()).isEqualTo("pretrained");
      r =
          new TripletTrainer(o, new PrintStream(new ByteArrayOutputStream()), w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
    }
    assertThat(r.card().model()).isEqualTo("resnet");
    assertThat(r.card().epochs()).isEqualTo(1);
    assertThat(r.card().heldOutPeople()).containsExactly("subject03", "subject04");
    assertThat(r.card().weightFiles()).contains(FaceRecognitionNet.WEIGHTS + "-shard1");
    // The pretrained network already tells these people apart; the held-out figure is measured
    // before and after.
    assertThat(r.card().untrainedHeldOutAccuracy()).isGreaterThan(0.5);
    assertThat(r.card().heldOutAccuracy()).isBetween(0.0, 1.0);

    BufferedImage face = ImageLoader.load(Fixtures.yale().resolve("subject05/normal.gif"));
    try (FaceEncoder shipped = FaceEncoders.open("resnet", EncoderOptions.defaults());
        FaceEncoder tuned =
            FaceEncoders.open("resnet", EncoderOptions.withWeights(out.resolve("weights")))) {
      assertThat(tuned.inputSize()).isEqualTo(FaceRecognitionBlock.INPUT_SIZE);
      float[] a = shipped.encode(List.of(face))[0];
      float[] b = tuned.encode(List.of(face))[0];
      assertThat(b).hasSize(FaceRecognitionBlock.DIMENSION);
      // The step moved the weights, but not the face's descriptor past the same-person threshold
      // (0.6).
      double moved = distance(a, b);
      System.out.printf(
          "fine-tuning step: held-out %.3f -> %.3f, descriptor moved %.4f%n",
          r.card().untrainedHeldOutAccuracy(), r.card().heldOutAccuracy(), moved);
      assertThat(moved).isGreaterThan(1e-4).isLessThan(0.6);
    }
  }

  @Test
  void fineTuningWithTheFirstStagesFrozenMovesOnlyTheLastOnes() throws IOException {
    Path data = yale(4);
    TrainingOptions o =
        new TrainingOptions(
            data,
            "resnet",
            tmp.resolve("frozen"),
            "pretrained",
            1,
            2,
            3,
            0.2f,
            1e-4f,
            false,
            Mining.ALL,
            2,
            List.of("subject03", "subject04"),
            42L,
            Augmenter.NONE,
            false,
            "conv256_2");
    try (TrainableNetwork net = TrainableNetworks.open("resnet", null, 42L)) {
      List<TrainableNetwork.Stage> stages = net.stages();
      assertThat(stages)
          .extracting(TrainableNetwork.Stage::name)
          .startsWith("conv32_down", "conv32_1")
          .endsWith("conv256_2", "conv256_down_out", "fc");
      TrainableNetwork.Stage first = stages.get(0);
      TrainableNetwork.Stage last = stages.get(stages.size() - 1);
      float[] firstBefore = first.parameters().get(0).getArray().toFloatArray();
      float[] lastBefore = last.parameters().get(0).getArray().toFloatArray();
      TripletTrainer.Outcome r =
          new TripletTrainer(o, new PrintStream(new ByteArrayOutputStream()), w -> {})
              .run(net, ChipMaker.wholeImage(), null, null);
      assertThat(first.parameters().get(0).getArray().toFloatArray()).isEqualTo(firstBefore);
      assertThat(last.parameters().get(0).getArray().toFloatArray()).isNotEqualTo(lastBefore);
      assertThat(r.card().frozenStages()).hasSize(stages.size() - 2).endsWith("conv256_2");
    }
  }

  @Test
  void theResNetIsFineTunedNotTrainedFromScratch() {
    assertThatThrownBy(() -> TrainableNetworks.open("resnet", "random", 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("--init pretrained");
    assertThatThrownBy(() -> TrainableNetworks.open("resnet", tmp.resolve("none").toString(), 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("no face-api ResNet weights");
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
