package dev.facenet.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.facenet.align.FaceAligner;
import dev.facenet.common.FaceNetException;
import dev.facenet.embed.FaceRecognitionNet;
import dev.facenet.embed.resnet.FaceRecognitionBlock;
import dev.facenet.nn.Torch;
import dev.facenet.weights.FaceApiWeights;
import dev.facenet.weights.FaceApiWeightsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * face-api's ResNet for fine-tuning: starts from the weights that ship with the tool (or a face-api
 * weights folder, e.g. an earlier fine-tuning), takes the encoder's input (150 px chips, channel
 * means subtracted, divided by 255) and writes the result in face-api's format (float32), which
 * {@code --model resnet --weights DIR} loads. Its encodings are not L2-normalised, as at inference,
 * so the threshold the trainer finds applies to the encoder as it is used.
 */
final class ResNetTrainable implements TrainableNetwork {
  static final String MODEL = FaceRecognitionNet.NAME;

  private final NDManager manager;
  private final FaceRecognitionBlock block;
  private final String init;

  private ResNetTrainable(NDManager manager, FaceRecognitionBlock block, String init) {
    this.manager = manager;
    this.block = block;
    this.init = init;
  }

  /** The pretrained weights that ship with the tool. */
  static ResNetTrainable pretrained() {
    return open(FaceApiWeights.bundled(FaceRecognitionNet.WEIGHTS), "pretrained");
  }

  /** Weights in face-api's format: a manifest file, or a folder holding the ResNet's manifest. */
  static ResNetTrainable fromFolder(Path weights) {
    Path manifest =
        Files.isDirectory(weights)
            ? weights.resolve(FaceRecognitionNet.WEIGHTS + "-weights_manifest.json")
            : weights;
    if (!Files.exists(manifest)) {
      throw new FaceNetException(
          "--init "
              + weights
              + ": no face-api ResNet weights there ("
              + manifest
              + " does not exist)");
    }
    return open(FaceApiWeights.load(manifest), manifest.toAbsolutePath().normalize().toString());
  }

  private static ResNetTrainable open(FaceApiWeights weights, String init) {
    NDManager m = Torch.newManager();
    try {
      return new ResNetTrainable(m, FaceRecognitionBlock.pretrained(weights, m), init);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public ChipFormat chipFormat() {
    return ChipFormat.of(FaceRecognitionNet.input());
  }

  @Override
  public FaceAligner aligner() {
    return FaceRecognitionNet.CHIP;
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public List<Stage> stages() {
    return block.parametersByStage().entrySet().stream()
        .map(e -> new Stage(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public String initialisation() {
    return init;
  }

  @Override
  public List<String> saveWeights(Path dir) {
    return FaceApiWeightsWriter.write(dir, FaceRecognitionNet.WEIGHTS, block.faceApiTensors());
  }

  @Override
  public void close() {
    manager.close();
  }
}
