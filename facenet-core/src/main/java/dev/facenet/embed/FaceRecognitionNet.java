package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import dev.facenet.embed.resnet.FaceRecognitionBlock;
import dev.facenet.image.NetInput;
import dev.facenet.nn.LoadedNetwork;
import dev.facenet.weights.FaceApiWeights;

/**
 * The default encoder: face-api's FaceRecognitionNet (a dlib-style ResNet trained with dlib's
 * metric loss), run on DJL's PyTorch engine with the package's own input preparation, so its
 * 128-number descriptors match face-api's. Descriptors are not normalised; two pictures show the
 * same person when their distance is under 0.6. Thread-safe: concurrent {@link
 * #encode(java.util.List)} calls share the weights and each work in their own tensor scope; large
 * lists are cut into batches of {@link #MAX_BATCH}.
 */
public final class FaceRecognitionNet extends BlockEncoder {
  /** The id stored in the gallery and given to {@code --model}. */
  public static final String NAME = "resnet";

  /** Name of the model's files in face-api's model folder. */
  public static final String WEIGHTS = "face_recognition_model";

  /** The chip dlib's ResNet was trained on: {@code dlib-chip-150}, padding 0.25. */
  public static final FaceAligner CHIP = FaceAligner.dlibChip150();

  /** face-api: centred padding, legacy bilinear to 150, (x - mean RGB) / 255. */
  private static final NetInput INPUT =
      new NetInput(
          FaceRecognitionBlock.INPUT_SIZE,
          NetInput.Padding.CENTRED,
          new float[] {122.782f, 117.001f, 104.298f},
          255f);

  private FaceRecognitionNet(LoadedNetwork network, FaceApiWeights weights) {
    super(
        network,
        network.load(m -> FaceRecognitionBlock.pretrained(weights, m)),
        INPUT,
        FaceRecognitionBlock.DIMENSION);
  }

  /** The network with the weights that ship with the tool. */
  public static FaceRecognitionNet pretrained() {
    return withWeights(FaceApiWeights.bundled(WEIGHTS));
  }

  /** The network with weights in face-api's format (a manifest and its weight files). */
  public static FaceRecognitionNet withWeights(FaceApiWeights weights) {
    return new FaceRecognitionNet(new LoadedNetwork("the " + NAME + " encoder"), weights);
  }

  /** How pictures are turned into the network's input. */
  public static NetInput input() {
    return INPUT;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FaceAligner aligner() {
    return CHIP;
  }
}
