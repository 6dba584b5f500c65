package dev.facenet.embed.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.facenet.embed.FaceRecognitionNet;
import dev.facenet.image.ImageLoader;
import dev.facenet.nn.Torch;
import dev.facenet.weights.FaceApiWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ResNet's DJL blocks: layer shapes as in the design table, padding rules by hand, and that it
 * can be trained.
 */
class FaceRecognitionBlockTest {

  private static NDArray picture(NDManager m, String orlFile) {
    Path p = Path.of(System.getProperty("facenet.shared"), "fixtures/orl", orlFile);
    float[] x = FaceRecognitionNet.input().prepare(ImageLoader.load(p));
    return m.create(x, new Shape(1, 3, 150, 150));
  }

  @Test
  void holdsEveryTensorOfTheWeightFileOnce() {
    try (NDManager m = Torch.newManager()) {
      FaceRecognitionBlock block =
          FaceRecognitionBlock.pretrained(FaceApiWeights.bundled("face_recognition_model"), m);
      long elements = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        elements += p.getValue().getArray().size();
      }
      // 29 conv units x (filters, bias, scale weights, scale biases) + fc = 117 tensors, as in the
      // manifest.
      assertThat(block.getParameters().size()).isEqualTo(117);
      assertThat(elements).isEqualTo(5_614_592L);
    }
  }

  @Test
  void stagesHaveTheShapesOfTheDesignTable() {
    try (NDManager m = Torch.newManager()) {
      FaceRecognitionBlock block =
          FaceRecognitionBlock.pretrained(FaceApiWeights.bundled("face_recognition_model"), m);
      ParameterStore ps = new ParameterStore(m, false);
      NDList x = new NDList(picture(m, "s1/1.pgm"));
      List<String> seen = new ArrayList<>();
      for (Pair<String, Block> child : block.getChildren()) {
        x = child.getValue().forward(ps, x, false);
        if (child.getKey().endsWith("conv32_down")) {
          seen.add("stem " + x.head().getShape());
          x =
              new NDList(
                  Pool.maxPool2d(
                      x.head(), new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false));
          seen.add("pool " + x.head().getShape());
        } else if (child.getKey().endsWith("_down") || child.getKey().endsWith("_down_out")) {
          seen.add(child.getKey().replaceFirst("^\\d+", "") + " " + x.head().getShape());
        }
      }
      assertThat(seen)
          .containsExactly(
              "stem (1, 32, 72, 72)",
              "pool (1, 32, 35, 35)",
              "conv64_down (1, 64, 17, 17)",
              "conv128_down (1, 128, 8, 8)",
              "conv256_down (1, 256, 4, 4)",
              "conv256_down_out (1, 256, 2, 2)");
      NDArray out = block.forward(ps, new NDList(picture(m, "s1/1.pgm")), false).head();
      assertThat(out.getShape()).isEqualTo(new Shape(1, 128));
      assertThat(block.getOutputShapes(new Shape[] {new Shape(5, 3, 150, 150)})[0])
          .isEqualTo(new Shape(5, 128));
    }
  }

  @Test
  void sameConvolutionPadsTheOddPixelAfterAsTensorFlowDoes() {
    try (NDManager m = Torch.newManager()) {
      ScaledConv conv = new ScaledConv(1, 1, 3, 2, ScaledConv.Padding.SAME, false);
      conv.setValues(
          m.ones(new Shape(1, 1, 3, 3)),
          m.zeros(new Shape(1)),
          m.ones(new Shape(1)),
          m.zeros(new Shape(1)));
      conv.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      NDArray y =
          conv.forward(
                  new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 1, 4, 4))), false)
              .head();
      // 4 -> 2 with stride 2 needs one pixel of padding: none before, one after (symmetric would
      // give 4, 6, 6, 9).
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 2, 2));
      assertThat(y.toFloatArray()).containsExactly(9, 6, 6, 4);
    }
  }

  @Test
  void downBlockWidensWithZeroChannelsAndPadsMainPathBottomRight() {
    try (NDManager m = Torch.newManager()) {
      DownBlock down = new DownBlock(1, 2);
      // conv1 outputs zeros; conv2 outputs its shift (5 in channel 0, 7 in channel 1) on a 1 x 1
      // map.
      down.conv1()
          .setValues(
              m.zeros(new Shape(2, 1, 3, 3)),
              m.zeros(new Shape(2)),
              m.ones(new Shape(2)),
              m.zeros(new Shape(2)));
      down.conv2()
          .setValues(
              m.zeros(new Shape(2, 2, 3, 3)),
              m.zeros(new Shape(2)),
              m.ones(new Shape(2)),
              m.create(new float[] {5, 7}));
      down.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
      NDArray y = down.forward(new ParameterStore(m, false), new NDList(x), false).head();
      // Main path 4 -> 1 x 1, shortcut 2 x 2 avg-pool of 0..15: 2.5, 4.5, 10.5, 12.5; the main
      // value lands top left.
      assertThat(y.getShape()).isEqualTo(new Shape(1, 2, 2, 2));
      assertThat(y.toFloatArray()).containsExactly(7.5f, 4.5f, 10.5f, 12.5f, 7, 0, 0, 0);
      assertThat(down.getOutputShapes(new Shape[] {new Shape(1, 1, 4, 4)})[0])
          .isEqualTo(new Shape(1, 2, 2, 2));
    }
  }

  @Test
  void trainingPassMatchesInferenceAndReachesEveryParameter() {
    Engine engine = Torch.engine();
    try (NDManager m = Torch.newManager()) {
      FaceRecognitionBlock block =
          FaceRecognitionBlock.pretrained(FaceApiWeights.bundled("face_recognition_model"), m);
      NDArray x = picture(m, "s1/1.pgm").concat(picture(m, "s2/1.pgm"));
      float[] inference =
          block.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
      try (GradientCollector gc = engine.newGradientCollector()) {
        NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).head();
        float[] training = y.toFloatArray();
        for (int i = 0; i < training.length; i++) {
          assertThat(training[i]).isCloseTo(inference[i], within(1e-5f));
        }
        gc.backward(y.square().sum());
      }
      for (Pair<String, Parameter> p : block.getParameters()) {
        NDArray grad = p.getValue().getArray().getGradient();
        assertThat(grad.abs().sum().getFloat()).as("gradient of " + p.getKey()).isGreaterThan(0f);
      }
    }
  }

  @Test
  void inferenceFollowsParametersChangedByTraining() {
    try (NDManager m = Torch.newManager()) {
      ScaledConv conv = new ScaledConv(1, 1, 1, 1, ScaledConv.Padding.SAME, false);
      conv.setValues(
          m.ones(new Shape(1, 1, 1, 1)),
          m.zeros(new Shape(1)),
          m.ones(new Shape(1)),
          m.zeros(new Shape(1)));
      conv.initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 1));
      NDList x = new NDList(m.ones(new Shape(1, 1, 1, 1)).mul(3));
      ParameterStore ps = new ParameterStore(m, false);
      assertThat(conv.forward(ps, x, false).head().getFloat()).isEqualTo(3f);
      // An optimiser changes the scale in place, then the next training pass must drop the folded
      // copy.
      conv.getParameters().get("scale").getArray().set(new float[] {2});
      assertThat(conv.forward(ps, x, true).head().getFloat()).isEqualTo(6f);
      assertThat(conv.forward(ps, x, false).head().getFloat()).isEqualTo(6f);
    }
  }
}
