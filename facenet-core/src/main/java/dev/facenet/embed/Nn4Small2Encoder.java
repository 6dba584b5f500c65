package dev.facenet.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.facenet.image.NetInput;
import dev.facenet.nn.Torch;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * nn4.small2 as a {@link FaceEncoder}: the seed's pre-processing (the picture made square with centred black
 * padding, resized to 96 x 96, divided by 255, no mean) and inference with running batch-norm statistics.
 * Weights come from an OpenFace/Keras CSV folder; without one the network starts from a seeded random
 * initialisation and {@link #warning()} says so. It runs the network's inference form (batch-norms folded into
 * the convolutions, see {@link Nn4Small2#foldBatchNorm}) with frozen parameters, so encoding never records
 * gradients.
 */
public final class Nn4Small2Encoder implements FaceEncoder {
  public static final String NAME = "nn4-small2";
  /** Pictures sent to the network at once; longer lists are encoded in slices of this size. */
  private static final int SLICE = 64;

  private final NDManager manager;
  private final Nn4Small2 net;
  private final NetInput input = new NetInput(Nn4Small2.INPUT_SIZE, NetInput.Padding.CENTRED, new float[3], 255f);
  private final String warning;

  private Nn4Small2Encoder(NDManager manager, Nn4Small2 net, String warning) {
    this.manager = manager;
    this.net = net;
    this.warning = warning;
  }

  /** Opens the network with the weights folder of {@code options}, or a random init from its seed when none. */
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
        warning = NAME + " has no weights (none given with --weights DIR): it starts from a random initialisation"
            + " (seed " + options.seed() + "), so its encodings do not tell people apart until it is trained";
      }
      return of(net, warning);
    }
  }

  /**
   * An encoder with the current weights of {@code net} (e.g. during or after training), copied: later changes
   * to {@code net} do not reach it.
   *
   * @param warning what {@link #warning()} reports, or null
   */
  public static Nn4Small2Encoder of(Nn4Small2 net, String warning) {
    NDManager manager = Torch.newManager();
    try {
      Nn4Small2 inference = net.foldBatchNorm(manager);
      for (Parameter p : inference.block().getParameters().values()) {
        p.freeze(true);
      }
      return new Nn4Small2Encoder(manager, inference, warning);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int inputSize() {
    return Nn4Small2.INPUT_SIZE;
  }

  @Override
  public int dimension() {
    return Nn4Small2.DIMENSION;
  }

  @Override
  public Optional<String> warning() {
    return Optional.ofNullable(warning);
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    int n = faces.size();
    float[][] out = new float[n][];
    int per = input.floatsPerImage();
    for (int from = 0; from < n; from += SLICE) {
      int count = Math.min(SLICE, n - from);
      float[] data = new float[count * per];
      for (int i = 0; i < count; i++) {
        input.prepare(faces.get(from + i), data, i * per);
      }
      try (NDManager local = manager.newSubManager()) {
        NDArray x = local.create(data, new Shape(count, 3, Nn4Small2.INPUT_SIZE, Nn4Small2.INPUT_SIZE));
        float[] flat = net.forward(new ParameterStore(local, false), x, false).toFloatArray();
        for (int i = 0; i < count; i++) {
          float[] row = new float[Nn4Small2.DIMENSION];
          System.arraycopy(flat, i * Nn4Small2.DIMENSION, row, 0, Nn4Small2.DIMENSION);
          out[from + i] = row;
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
