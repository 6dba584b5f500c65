package dev.facenet.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.facenet.nn.Conv2dBlock;
import dev.facenet.nn.GlorotUniform;
import dev.facenet.nn.RowLinear;
import dev.facenet.nn.ZeroPad2d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's FaceNet network, OpenFace's nn4.small2 as the seed's Keras port builds it
 * (../shared/design/nn4-small2.md), made of DJL layers so the same object runs inference and trains
 * with DJL's autograd. Input (m, 3, 96, 96) RGB scaled to [0, 1], channels first; output (m, 128),
 * L2-normalised per row.
 *
 * <p>The block is a sequence of nine stages named as in the design table: {@code stem, 3a, 3b, 3c,
 * 4a, 4e, 5a, 5b, head}. Every layer that holds weights is also listed by the name the
 * OpenFace/Keras CSV weight folder uses ({@link #weightFiles()}), which is how {@link
 * OpenFaceCsvWeights} reads and writes them.
 */
public final class Nn4Small2 {
  public static final int INPUT_SIZE = 96;
  public static final int DIMENSION = 128;

  /** Batch-norm epsilon of {@code bn1}; every other batch-norm uses {@link #BN_EPSILON}. */
  public static final float BN1_EPSILON = 0.001f;

  public static final float BN_EPSILON = 0.00001f;

  /**
   * Keras' default moving-average momentum (DJL's convention: the share kept of the old running
   * value).
   */
  public static final float BN_MOMENTUM = 0.99f;

  /** Keras' l2_normalize floor on the squared norm. */
  private static final float L2_EPSILON = 1e-12f;

  /**
   * One tensor of the weight folder: the file stem (e.g. {@code conv1_w}) and the parameter it
   * fills.
   */
  public record WeightFile(String name, Parameter parameter) {

    /**
     * Replaces the initialised parameter's values (as many as it holds, in its layout), keeping
     * whether it takes part in autograd. The values go in as a new tensor rather than through
     * {@link NDArray#set}, whose native side uses a deprecated PyTorch guard that prints a warning
     * on the user's terminal.
     */
    public void fill(float[] values) {
      NDArray array = parameter.getArray();
      boolean gradient = array.hasGradient();
      try (NDArray given = array.getManager().create(values, array.getShape())) {
        // create() shares the Java buffer; the copy owns its memory, so it can take the parameter's
        // place.
        array.intern(given.duplicate());
      }
      array.setRequiresGradient(gradient);
    }
  }

  /** One stage of the network as the design table names it. */
  public record Stage(String name, Block block) {}

  /** A convolution and the batch-norm after it, by their weight-file names. */
  private record ConvBn(String conv, String bn, float epsilon) {}

  private final SequentialBlock block = new SequentialBlock();
  private final List<Stage> stages = new ArrayList<>();
  private final Map<String, WeightFile> weightFiles = new LinkedHashMap<>();
  private final Map<String, Block> layers = new LinkedHashMap<>();
  private final List<ConvBn> pairs = new ArrayList<>();

  /**
   * True for the inference form, where each batch-norm is folded into the convolution before it.
   */
  private final boolean folded;

  private Nn4Small2(boolean folded) {
    this.folded = folded;
    stage(
        "stem",
        new SequentialBlock()
            .addAll(convBn("conv1", "bn1", 3, 64, 7, 2, BN1_EPSILON))
            .add(new ZeroPad2d(1))
            .add(maxPool(3, 2))
            .addAll(convBn("conv2", "bn2", 0, 64, 1, 1, BN_EPSILON))
            .addAll(convBn("conv3", "bn3", 1, 192, 3, 1, BN_EPSILON))
            .add(new ZeroPad2d(1))
            .add(maxPool(3, 2)));
    String p = "inception_3a_";
    stage(
        "3a",
        concat(
            reduceThen(p + "3x3", 96, 1, 128, 3, 1),
            reduceThen(p + "5x5", 16, 2, 32, 5, 1),
            new SequentialBlock()
                .add(maxPool(3, 2))
                .addAll(unit(p + "pool", 32))
                .add(new ZeroPad2d(3, 4, 3, 4)),
            unit(p + "1x1", 64)));
    p = "inception_3b_";
    stage(
        "3b",
        concat(
            reduceThen(p + "3x3", 96, 1, 128, 3, 1),
            reduceThen(p + "5x5", 32, 2, 64, 5, 1),
            new SequentialBlock()
                .add(avgPool(3, 3))
                .addAll(unit(p + "pool", 64))
                .add(new ZeroPad2d(4)),
            unit(p + "1x1", 64)));
    p = "inception_3c_";
    stage(
        "3c",
        concat(
            reduceThen(p + "3x3", 128, 1, 256, 3, 2),
            reduceThen(p + "5x5", 32, 2, 64, 5, 2),
            new SequentialBlock().add(maxPool(3, 2)).add(new ZeroPad2d(0, 1, 0, 1))));
    p = "inception_4a_";
    stage(
        "4a",
        concat(
            reduceThen(p + "3x3", 96, 1, 192, 3, 1),
            reduceThen(p + "5x5", 32, 2, 64, 5, 1),
            new SequentialBlock()
                .add(avgPool(3, 3))
                .addAll(unit(p + "pool", 128))
                .add(new ZeroPad2d(2)),
            unit(p + "1x1", 256)));
    p = "inception_4e_";
    stage(
        "4e",
        concat(
            reduceThen(p + "3x3", 160, 1, 256, 3, 2),
            reduceThen(p + "5x5", 64, 2, 128, 5, 2),
            new SequentialBlock().add(maxPool(3, 2)).add(new ZeroPad2d(0, 1, 0, 1))));
    p = "inception_5a_";
    stage(
        "5a",
        concat(
            reduceThen(p + "3x3", 96, 1, 384, 3, 1),
            new SequentialBlock()
                .add(avgPool(3, 3))
                .addAll(unit(p + "pool", 96))
                .add(new ZeroPad2d(1)),
            unit(p + "1x1", 256)));
    p = "inception_5b_";
    stage(
        "5b",
        concat(
            reduceThen(p + "3x3", 96, 1, 384, 3, 1),
            new SequentialBlock()
                .add(maxPool(3, 2))
                .addAll(unit(p + "pool", 96))
                .add(new ZeroPad2d(1)),
            unit(p + "1x1", 256)));
    RowLinear dense =
        new RowLinear(DIMENSION, true); // each face's encoding independent of its batch
    layers.put("dense_layer", dense);
    register("dense_w", dense, "weight");
    register("dense_b", dense, "bias");
    stage(
        "head",
        new SequentialBlock()
            .add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1)))
            .add(Blocks.batchFlattenBlock())
            .add(dense)
            .add(LambdaBlock.singleton(Nn4Small2::l2Normalize, "l2_normalize")));
  }

  /** A new network whose parameters are not yet initialised (see {@link #initialize}). */
  public static Nn4Small2 create() {
    return new Nn4Small2(false);
  }

  /**
   * The inference form of this initialised network, in {@code manager}: the same function with
   * every batch-norm (running statistics) folded into the convolution before it, {@code w' = w *
   * s}, {@code b' = (b - mean) * s + beta} with {@code s = gamma / sqrt(var + epsilon)} computed in
   * double precision. It gives the same encodings up to float rounding, with 37 fewer layers to
   * run; it cannot train and has no batch-norm weight files.
   */
  public Nn4Small2 foldBatchNorm(NDManager manager) {
    if (folded) {
      throw new IllegalStateException("already folded");
    }
    Nn4Small2 out = new Nn4Small2(true);
    out.block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    out.block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, INPUT_SIZE, INPUT_SIZE));
    for (ConvBn p : pairs) {
      float[] w = values(p.conv() + "_w");
      float[] b = values(p.conv() + "_b");
      float[] gamma = values(p.bn() + "_w");
      float[] beta = values(p.bn() + "_b");
      float[] mean = values(p.bn() + "_m");
      float[] var = values(p.bn() + "_v");
      int perFilter = w.length / b.length;
      float[] w2 = new float[w.length];
      float[] b2 = new float[b.length];
      for (int f = 0; f < b.length; f++) {
        double scale = gamma[f] / Math.sqrt((double) var[f] + p.epsilon());
        for (int k = 0; k < perFilter; k++) {
          w2[f * perFilter + k] = (float) (w[f * perFilter + k] * scale);
        }
        b2[f] = (float) ((b[f] - (double) mean[f]) * scale + beta[f]);
      }
      out.weightFiles.get(p.conv() + "_w").fill(w2);
      out.weightFiles.get(p.conv() + "_b").fill(b2);
    }
    out.weightFiles.get("dense_w").fill(values("dense_w"));
    out.weightFiles.get("dense_b").fill(values("dense_b"));
    return out;
  }

  private float[] values(String file) {
    return weightFiles.get(file).parameter().getArray().toFloatArray();
  }

  /**
   * Initialises every parameter in {@code manager}: convolution and dense kernels Glorot-uniform
   * from {@code seed} (Keras' default), biases and batch-norm shifts 0, batch-norm scales 1,
   * running mean 0 and running variance 1. The same seed gives the same weights.
   */
  public Nn4Small2 initialize(NDManager manager, long seed) {
    block.setInitializer(new GlorotUniform(seed), Parameter.Type.WEIGHT);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, INPUT_SIZE, INPUT_SIZE));
    return this;
  }

  /** The whole network as one DJL block: (m, 3, 96, 96) in, (m, 128) out. */
  public Block block() {
    return block;
  }

  /** The nine stages in order: stem, 3a, 3b, 3c, 4a, 4e, 5a, 5b, head. */
  public List<Stage> stages() {
    return Collections.unmodifiableList(stages);
  }

  /**
   * Every tensor of the OpenFace/Keras CSV weight folder, in network order, with the parameter it
   * fills.
   */
  public List<WeightFile> weightFiles() {
    return List.copyOf(weightFiles.values());
  }

  /**
   * The layers that hold weights by the names the weight files use ({@code conv1}, {@code bn1},
   * ..., {@code inception_5b_1x1_bn}, {@code dense_layer}), in network order; e.g. to freeze some
   * when fine-tuning.
   */
  public Map<String, Block> layers() {
    return Collections.unmodifiableMap(layers);
  }

  /**
   * Runs the network on a prepared batch; {@code training} selects batch statistics over running
   * ones.
   */
  public NDArray forward(ParameterStore store, NDArray input, boolean training) {
    return block.forward(store, new NDList(input), training).singletonOrThrow();
  }

  /** Number of values in all parameters, batch-norm running means and variances included. */
  public long parameterCount() {
    return block.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  /** Number of values that training changes through gradients. */
  public long trainableParameterCount() {
    return block.getParameters().values().stream()
        .filter(Parameter::requiresGradient)
        .mapToLong(p -> p.getShape().size())
        .sum();
  }

  private static NDArray l2Normalize(NDArray x) {
    NDArray norm = x.square().sum(new int[] {1}, true).maximum(L2_EPSILON).sqrt();
    return x.div(norm);
  }

  private void stage(String name, Block b) {
    stages.add(new Stage(name, b));
    block.add(b);
  }

  /** Branches concatenated on the channel axis in the order given. */
  private static ParallelBlock concat(Block... branches) {
    return new ParallelBlock(
        outputs -> {
          NDList heads = new NDList(outputs.size());
          for (NDList o : outputs) {
            heads.add(o.singletonOrThrow());
          }
          return new NDList(NDArrays.concat(heads, 1));
        },
        List.of(branches));
  }

  /**
   * An inception branch: 1x1 reduction, zero padding, then the k x k convolution (names
   * {prefix}_conv1/2, _bn1/2).
   */
  private SequentialBlock reduceThen(
      String prefix, int reduce, int pad, int filters, int kernel, int stride) {
    return new SequentialBlock()
        .addAll(convBn(prefix + "_conv1", prefix + "_bn1", 0, reduce, 1, 1, BN_EPSILON))
        .addAll(
            convBn(prefix + "_conv2", prefix + "_bn2", pad, filters, kernel, stride, BN_EPSILON));
  }

  /** A 1x1 convolution unit named {prefix}_conv / {prefix}_bn. */
  private SequentialBlock unit(String prefix, int filters) {
    return new SequentialBlock()
        .addAll(convBn(prefix + "_conv", prefix + "_bn", 0, filters, 1, 1, BN_EPSILON));
  }

  /**
   * Zero padding {@code pad} (none when 0), convolution, batch-norm on channels, ReLU; registers
   * both layers' tensors. The training form pads with an explicit layer as the Keras model does;
   * the folded inference form lets the convolution pad, which is the same arithmetic (zeros around
   * the input) without the copy.
   */
  private List<Block> convBn(
      String convName, String bnName, int pad, int filters, int kernel, int stride, float epsilon) {
    Conv2dBlock conv = new Conv2dBlock(filters, kernel, stride, folded ? pad : 0);
    List<Block> out = new ArrayList<>();
    if (pad > 0 && !folded) {
      out.add(new ZeroPad2d(pad));
    }
    out.add(conv);
    layers.put(convName, conv);
    register(convName + "_w", conv, "weight");
    register(convName + "_b", conv, "bias");
    if (!folded) {
      BatchNorm bn =
          BatchNorm.builder().optAxis(1).optEpsilon(epsilon).optMomentum(BN_MOMENTUM).build();
      layers.put(bnName, bn);
      pairs.add(new ConvBn(convName, bnName, epsilon));
      register(bnName + "_w", bn, "gamma");
      register(bnName + "_b", bn, "beta");
      register(bnName + "_m", bn, "runningMean");
      register(bnName + "_v", bn, "runningVar");
      out.add(bn);
    }
    out.add(Activation.reluBlock());
    return out;
  }

  private void register(String file, Block layer, String parameter) {
    Parameter param = layer.getParameters().get(parameter);
    if (param == null) {
      throw new IllegalStateException(layer + " has no parameter " + parameter);
    }
    if (weightFiles.put(file, new WeightFile(file, param)) != null) {
      throw new IllegalStateException("weight file named twice: " + file);
    }
  }

  private static Block maxPool(int kernel, int stride) {
    return Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride));
  }

  private static Block avgPool(int kernel, int stride) {
    return Pool.avgPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride));
  }
}
