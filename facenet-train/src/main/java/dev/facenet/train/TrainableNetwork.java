package dev.facenet.train;

import ai.djl.nn.Block;
import dev.facenet.align.FaceAligner;
import java.nio.file.Path;

/**
 * An encoder as the trainer needs it: its DJL block with parameters already set (random or loaded),
 * the chips it takes, and a way to save trained weights where {@code --weights} reads them. One
 * implementation per network (nn4.small2, the ResNet); the trainer itself knows none of them.
 */
public interface TrainableNetwork extends AutoCloseable {
  /** The model id ({@code --model}, stored in the gallery). */
  String model();

  /** Chip side, channel means and divisor of the network's input. */
  ChipFormat chipFormat();

  /**
   * How faces are cut out of photos for this network, the same as its encoder does at inference
   * ({@code --crop aligned}).
   */
  FaceAligner aligner();

  /**
   * The network: (m, 3, size, size) in, (m, d) encodings out as the encoder gives them at inference
   * (L2-normalised for nn4.small2, raw for the ResNet); initialised.
   */
  Block block();

  /**
   * The share of the old value a batch-norm running statistic keeps per training batch (DJL's
   * momentum), or NaN when the network has no batch norm; the trainer recomputes those statistics
   * before evaluating.
   */
  default float batchNormMomentum() {
    return Float.NaN;
  }

  /**
   * A named part of the network and its parameters, in the order the input passes through them
   * (what {@code --freeze} names).
   */
  record Stage(String name, java.util.List<ai.djl.nn.Parameter> parameters) {
    public Stage {
      parameters = java.util.List.copyOf(parameters);
    }

    /** The stage made of every parameter of {@code block}. */
    public static Stage of(String name, Block block) {
      return new Stage(name, block.getParameters().values());
    }
  }

  /** The network's stages from the input to the output, every parameter in one of them. */
  java.util.List<Stage> stages();

  /**
   * Where the weights came from, for the model card: "random (seed 42)", "pretrained", a folder.
   */
  String initialisation();

  /**
   * Writes the current weights into {@code dir} in the layout the encoder's {@code --weights}
   * option loads, and returns the files written (relative names) for the model card.
   */
  java.util.List<String> saveWeights(Path dir);

  @Override
  void close();
}
