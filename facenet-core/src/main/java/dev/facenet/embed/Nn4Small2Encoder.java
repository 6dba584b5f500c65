package dev.facenet.embed;

import ai.djl.ndarray.NDManager;
import dev.facenet.align.FaceAligner;
import dev.facenet.image.NetInput;
import dev.facenet.nn.LoadedNetwork;
import dev.facenet.nn.Torch;
import java.util.Optional;

/**
 * nn4.small2 as a {@link FaceEncoder}: the seed's pre-processing (the picture made square with
 * centred black padding, resized to 96 x 96, divided by 255, no mean) and inference with running
 * batch-norm statistics. Weights come from an OpenFace/Keras CSV folder; without one the network
 * starts from a seeded random initialisation and {@link #warning()} says so. It runs the network's
 * inference form (batch-norms folded into the convolutions, see {@link Nn4Small2#foldBatchNorm})
 * with frozen parameters, so encoding never records gradients.
 */
public final class Nn4Small2Encoder extends BlockEncoder {
  public static final String NAME = "nn4-small2";

  /** The seed's preparation: centred black padding, resized to 96 x 96, divided by 255, no mean. */
  private static final NetInput INPUT =
      new NetInput(Nn4Small2.INPUT_SIZE, NetInput.Padding.CENTRED, new float[3], 255f);

  /**
   * The chip nn4.small2 is trained and used on: dlib's template at 96 px with padding 0.6 ({@code
   * dlib-chip-96-pad0.6}), which keeps hair and head outline around a face whose scale and position
   * the landmarks fix. No pretrained nn4.small2 weights exist here, so its framing is ours to
   * choose; on ORL (trained on s1-s30, verified on the unseen s31-s40) it beat dlib's 0.25 by about
   * 10 points and the whole picture by about 3 (docs/TRAINING.md).
   */
  public static final FaceAligner CHIP = FaceAligner.dlibChip(Nn4Small2.INPUT_SIZE, 0.6);

  /** How pictures are turned into the network's input (the seed's pixel / 255 at 96 x 96). */
  public static NetInput input() {
    return INPUT;
  }

  private final String warning;

  private Nn4Small2Encoder(LoadedNetwork network, Nn4Small2 net, String warning) {
    super(network, network.load(net::foldBatchNorm).block(), INPUT, Nn4Small2.DIMENSION);
    this.warning = warning;
  }

  /**
   * Opens the network with the weights folder of {@code options}, or a random init from its seed
   * when none.
   */
  public static Nn4Small2Encoder open(EncoderOptions options) {
    if (options.weights() != null) {
      OpenFaceCsvWeights.requireFolder(options.weights());
    }
    try (NDManager loading = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(loading, options.seed());
      String warning = null;
      if (options.weights() != null) {
        OpenFaceCsvWeights.load(net, options.weights());
      } else {
        warning =
            NAME
                + " has no weights (none given with --weights DIR): it starts from a random initialisation"
                + " (seed "
                + options.seed()
                + "), so its encodings do not tell people apart until it is trained";
      }
      return of(net, warning);
    }
  }

  /**
   * An encoder with the current weights of {@code net} (e.g. during or after training), copied:
   * later changes to {@code net} do not reach it.
   *
   * @param warning what {@link #warning()} reports, or null
   */
  public static Nn4Small2Encoder of(Nn4Small2 net, String warning) {
    return new Nn4Small2Encoder(new LoadedNetwork("the " + NAME + " encoder"), net, warning);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FaceAligner aligner() {
    return CHIP;
  }

  @Override
  public Optional<String> warning() {
    return Optional.ofNullable(warning);
  }
}
