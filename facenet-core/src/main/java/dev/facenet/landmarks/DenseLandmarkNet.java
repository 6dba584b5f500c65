package dev.facenet.landmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import dev.facenet.image.NetInput;
import dev.facenet.nn.BatchQueue;
import dev.facenet.nn.LoadedNetwork;
import dev.facenet.nn.RowLinear;
import dev.facenet.nn.TfConv;
import dev.facenet.weights.FaceApiWeights;
import dev.facenet.weights.WeightTensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What face-api's two 68-point landmark nets share (spec section 6): a stack of "dense blocks" of
 * separable convolutions, a global average, and one fully connected layer giving 68 (x, y) pairs
 * relative to the padded 112 x 112 input. The full net has four blocks of four convolutions, the
 * tiny net three blocks of three.
 *
 * <p>Runs on DJL's PyTorch engine with plain tensor operations; the convolutions are {@link
 * TfConv}s, which reproduce TensorFlow's asymmetric "same" padding of the stride-2 ones. Safe for
 * concurrent use: each call works in its own tensor manager and only reads the weights, under the
 * network's lifecycle lock.
 */
abstract class DenseLandmarkNet implements LandmarkDetector {
  /** Side of the square network input. */
  static final int INPUT_SIZE = 112;

  /** Face crops per network call at most. */
  static final int MAX_BATCH = 32;

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
  private static final NetInput INPUT =
      new NetInput(INPUT_SIZE, NetInput.Padding.CENTRED, MEAN_RGB, 255f);

  /**
   * A 3x3 convolution, full (no depthwise part) or depthwise-separable, with TensorFlow "same"
   * padding.
   */
  private record Conv(TfConv depthwise, TfConv pointwise) {
    NDArray apply(NDArray x) {
      return depthwise == null ? pointwise.same(x) : pointwise.valid(depthwise.same(x));
    }
  }

  private final String name;
  private final LoadedNetwork network;

  /** Faces of concurrent callers, run through the network together. */
  private final BatchQueue<float[], float[][]> queue;

  private final Conv[][] blocks;
  private final NDArray fcWeights;
  private final NDArray fcBias;

  /**
   * @param name name reported by {@link #name()}
   * @param weights the net's face-api weights
   * @param blockCount dense blocks (4 full, 3 tiny)
   * @param convsPerBlock convolutions per block (4 full, 3 tiny)
   */
  DenseLandmarkNet(String name, FaceApiWeights weights, int blockCount, int convsPerBlock) {
    this.name = name;
    this.network = new LoadedNetwork("the " + name + " landmark net");
    Shape item = new Shape(3, INPUT_SIZE, INPUT_SIZE);
    this.queue =
        new BatchQueue<>(
            "the " + name + " landmark net",
            MAX_BATCH,
            BatchQueue.DEFAULT_WAIT,
            8 * MAX_BATCH,
            crops -> network.runBatch(crops, item, this::forward));
    NDManager manager = network.manager();
    try {
      blocks = new Conv[blockCount][convsPerBlock];
      int in = 3;
      for (int b = 0; b < blockCount; b++) {
        int out = 32 << b;
        for (int k = 0; k < convsPerBlock; k++) {
          String prefix = "dense" + b + "/conv" + k + "/";
          int cin = k == 0 ? in : out;
          float[] bias = weights.get(prefix + "bias", out).data();
          // The first convolution of each block halves the size.
          int stride = k == 0 ? 2 : 1;
          if (b == 0 && k == 0) {
            // The very first convolution is a full 3x3 convolution of the RGB input.
            blocks[b][k] =
                new Conv(
                    null,
                    TfConv.full(
                        manager, weights.get(prefix + "filters", 3, 3, cin, out), bias, stride));
          } else {
            TfConv dw =
                TfConv.depthwise(
                    manager,
                    weights.get(prefix + "depthwise_filter", 3, 3, cin, 1),
                    null,
                    null,
                    stride);
            TfConv pw =
                TfConv.full(
                    manager, weights.get(prefix + "pointwise_filter", 1, 1, cin, out), bias, 1);
            blocks[b][k] = new Conv(dw, pw);
          }
        }
        in = out;
      }
      fcWeights = load(manager, weights.get("fc/weights", in, 2 * Landmarks.COUNT));
      fcBias = load(manager, weights.get("fc/bias", 2 * Landmarks.COUNT));
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static NDArray load(NDManager manager, WeightTensor t) {
    return manager.create(t.data(), new Shape(t.shapeAsLongs()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Landmarks landmarks(BufferedImage picture, Box box) {
    return landmarks(picture, List.of(box)).get(0);
  }

  @Override
  public List<Landmarks> landmarks(BufferedImage picture, List<Box> boxes) {
    if (boxes.isEmpty()) {
      return List.of();
    }
    int n = boxes.size();
    int[][] crops = new int[n][];
    List<float[]> faces = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      crops[i] = crop(picture, boxes.get(i));
      BufferedImage face = picture.getSubimage(crops[i][0], crops[i][1], crops[i][2], crops[i][3]);
      faces.add(INPUT.prepare(face));
    }
    List<float[][]> out = queue.run(faces);
    List<Landmarks> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(toPicture(out.get(i)[0], 0, boxes.get(i), crops[i][2], crops[i][3]));
    }
    return result;
  }

  /**
   * The region the net looks at, as face-api cuts it: the box clipped to the picture, then x, y,
   * width and height each rounded down.
   */
  static int[] crop(BufferedImage picture, Box box) {
    int pw = picture.getWidth();
    int ph = picture.getHeight();
    if (!Double.isFinite(box.x())
        || !Double.isFinite(box.y())
        || !Double.isFinite(box.width())
        || !Double.isFinite(box.height())) {
      throw new FaceNetException("face box " + box + " has a coordinate that is not a number");
    }
    double x = Math.max(box.x(), 0);
    double y = Math.max(box.y(), 0);
    double w = Math.min(box.x() + box.width() - x, pw - x);
    double h = Math.min(box.y() + box.height() - y, ph - y);
    int[] c = {(int) Math.floor(x), (int) Math.floor(y), (int) Math.floor(w), (int) Math.floor(h)};
    if (c[2] <= 0 || c[3] <= 0 || c[0] >= pw || c[1] >= ph) {
      throw new FaceNetException(
          String.format(
              "face box [%.1f, %.1f, %.1f, %.1f] lies outside the %d x %d picture",
              box.x(), box.y(), box.width(), box.height(), pw, ph));
    }
    return c;
  }

  /**
   * Maps the net's output (relative to the padded square input) back to the picture, as face-api
   * does: undo the centred padding, scale by the crop's size, and shift by the box's corner. Where
   * the box sticks out of the picture on the left or top, face-api shifts by the box corner
   * although the crop starts at the picture's edge, misplacing every point; we shift by the clipped
   * corner instead (identical otherwise).
   */
  private static Landmarks toPicture(
      float[] out, int offset, Box box, int cropWidth, int cropHeight) {
    double scale = (double) INPUT_SIZE / Math.max(cropWidth, cropHeight);
    double ws = cropWidth * scale;
    double hs = cropHeight * scale;
    double padX = ws < hs ? (hs - ws) / 2 : 0;
    double padY = hs < ws ? (ws - hs) / 2 : 0;
    double shiftX = Math.max(box.x(), 0);
    double shiftY = Math.max(box.y(), 0);
    List<Point> points = new ArrayList<>(Landmarks.COUNT);
    for (int p = 0; p < Landmarks.COUNT; p++) {
      double rx = (out[offset + 2 * p] * INPUT_SIZE - padX) / ws;
      double ry = (out[offset + 2 * p + 1] * INPUT_SIZE - padY) / hs;
      points.add(new Point(rx * cropWidth + shiftX, ry * cropHeight + shiftY));
    }
    return new Landmarks(points);
  }

  /** Runs the net on {@code n} prepared inputs (channels-first); returns n x 136 values. */
  /**
   * The points of a batch [N, 3, 112, 112] of prepared crops, [N, 136], x and y in 0..1 of the
   * crop.
   */
  private NDList forward(NDArray x) {
    long n = x.getShape().get(0);
    for (Conv[] block : blocks) {
      NDArray first = Activation.relu(block[0].apply(x));
      NDArray sum = first;
      for (int k = 1; k < block.length; k++) {
        NDArray next = block[k].apply(Activation.relu(sum));
        sum = sum.add(next);
      }
      x = Activation.relu(sum);
    }
    NDArray pooled = x.reshape(n, x.getShape().get(1), -1).mean(new int[] {2});
    // Row by row, so a face's points do not depend on the other faces of its batch.
    return new NDList(RowLinear.apply(pooled, fcWeights.transpose()).add(fcBias));
  }

  /** Frees the weights once no call is running; later calls fail. */
  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      network.close();
    }
  }
}
