package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import dev.facenet.common.FaceNetException;
import dev.facenet.weights.FaceApiWeights;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registers {@link FaceRecognitionNet} as {@code --model resnet}. Without {@code --weights} it uses
 * the weights that ship with the tool; with it, a face-api weights manifest (the file, or a folder
 * holding {@code face_recognition_model-weights_manifest.json}) and the files it lists.
 */
public final class FaceRecognitionNetProvider implements FaceEncoderProvider {
  @Override
  public int dimension() {
    return dev.facenet.embed.resnet.FaceRecognitionBlock.DIMENSION;
  }

  @Override
  public String name() {
    return FaceRecognitionNet.NAME;
  }

  @Override
  public FaceAligner aligner() {
    return FaceRecognitionNet.CHIP;
  }

  @Override
  public String description() {
    return "face-api's pretrained dlib-style ResNet: 150 x 150 in, 128 out, same person under 0.6 (default)";
  }

  @Override
  public FaceEncoder open(EncoderOptions options) {
    Path weights = options == null ? null : options.weights();
    if (weights == null) {
      return FaceRecognitionNet.pretrained();
    }
    Path manifest =
        Files.isDirectory(weights)
            ? weights.resolve(FaceRecognitionNet.WEIGHTS + "-weights_manifest.json")
            : weights;
    if (!Files.exists(manifest)) {
      throw new FaceNetException("resnet weights: " + manifest + " does not exist");
    }
    return FaceRecognitionNet.withWeights(FaceApiWeights.load(manifest));
  }
}
