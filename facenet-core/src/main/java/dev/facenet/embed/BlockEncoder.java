package dev.facenet.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.facenet.image.NetInput;
import dev.facenet.nn.LoadedNetwork;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * What every encoder that runs a DJL block shares, so each network class keeps only its own block,
 * input preparation, name and weights: the pictures are prepared in batches of at most {@link
 * #MAX_BATCH} into one channels-first array, run through the frozen block in inference mode under
 * the network's lifecycle lock ({@link LoadedNetwork}), and the output is split into one row per
 * picture. Thread-safe.
 */
abstract class BlockEncoder implements FaceEncoder {
  /**
   * Pictures run through the network together at most; longer lists are encoded in batches of this
   * size.
   */
  public static final int MAX_BATCH = 32;

  private final LoadedNetwork network;
  private final Block block;
  private final NetInput input;
  private final int dimension;

  /**
   * @param network the memory that holds {@code block}'s weights; closed with this encoder
   * @param block the network: [N, 3, size, size] prepared pictures in, [N, dimension] encodings
   *     out; frozen here
   * @param input how a picture becomes the block's input
   * @param dimension length of an encoding
   */
  BlockEncoder(LoadedNetwork network, Block block, NetInput input, int dimension) {
    this.network = network;
    this.block = block;
    this.input = input;
    this.dimension = dimension;
    // Inference only: no parameter takes part in autograd.
    block.freezeParameters(true);
  }

  @Override
  public int inputSize() {
    return input.size();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    float[][] out = new float[faces.size()][];
    network.run(
        scope -> {
          for (int from = 0; from < faces.size(); from += MAX_BATCH) {
            int to = Math.min(faces.size(), from + MAX_BATCH);
            try (NDManager batch = scope.newSubManager()) {
              encodeBatch(batch, faces.subList(from, to), out, from);
            }
          }
          return null;
        });
    return out;
  }

  private void encodeBatch(NDManager scope, List<BufferedImage> faces, float[][] out, int offset) {
    int n = faces.size();
    int per = input.floatsPerImage();
    float[] data = new float[n * per];
    for (int i = 0; i < n; i++) {
      input.prepare(
          Objects.requireNonNull(faces.get(i), "face picture " + (offset + i)), data, i * per);
    }
    int size = input.size();
    NDArray x = scope.create(data, new Shape(n, 3, size, size));
    float[] flat =
        block
            .forward(new ParameterStore(scope, false), new NDList(x), false)
            .singletonOrThrow()
            .toFloatArray();
    for (int i = 0; i < n; i++) {
      float[] row = new float[dimension];
      System.arraycopy(flat, i * dimension, row, 0, dimension);
      out[offset + i] = row;
    }
  }

  @Override
  public void close() {
    network.close();
  }
}
