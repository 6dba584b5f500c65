package dev.facenet.embed.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.facenet.nn.RowLinear;
import dev.facenet.nn.TfConv;
import dev.facenet.weights.FaceApiWeights;
import dev.facenet.weights.WeightTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole dlib-style ResNet of face-api's FaceRecognitionNet as one trainable DJL block: input
 * [N, 3, 150, 150] (already prepared: padded, resized, mean-subtracted, divided by 255), output [N,
 * 128], not normalised. Child blocks carry face-api's layer names (conv32_down, conv32_1, ...
 * conv256_down_out) so the package's weights map onto them one to one.
 */
public final class FaceRecognitionBlock extends AbstractBlock {
  /** Side of the input picture. */
  public static final int INPUT_SIZE = 150;

  /** Length of the descriptor. */
  public static final int DIMENSION = 128;

  private static final Shape MAX_POOL = new Shape(3, 3);
  private static final Shape MAX_POOL_STRIDE = new Shape(2, 2);

  private final ScaledConv stem;

  /** Residual and down blocks in order, by face-api name. */
  private final Map<String, TwoConvBlock> stages = new LinkedHashMap<>();

  private final Parameter fc;

  public FaceRecognitionBlock() {
    stem =
        addChildBlock("conv32_down", new ScaledConv(3, 32, 7, 2, ScaledConv.Padding.VALID, true));
    residuals("conv32", 32, 3);
    stage("conv64_down", new DownBlock(32, 64));
    residuals("conv64", 64, 3);
    stage("conv128_down", new DownBlock(64, 128));
    residuals("conv128", 128, 2);
    stage("conv256_down", new DownBlock(128, 256));
    residuals("conv256", 256, 2);
    stage("conv256_down_out", new DownBlock(256, 256));
    fc = addParameter(Parameter.builder().setName("fc").setType(Parameter.Type.WEIGHT).build());
  }

  private void residuals(String prefix, int channels, int count) {
    for (int i = 1; i <= count; i++) {
      stage(prefix + "_" + i, new ResidualBlock(channels));
    }
  }

  private void stage(String name, TwoConvBlock block) {
    stages.put(name, addChildBlock(name, block));
  }

  /**
   * The network's parts from the input on, by face-api's names: the first convolution ({@code
   * conv32_down}), the residual and down blocks, and the dense layer ({@code fc}), each with its
   * parameters.
   */
  public Map<String, List<Parameter>> parametersByStage() {
    Map<String, List<Parameter>> out = new LinkedHashMap<>();
    out.put("conv32_down", List.copyOf(stem.getParameters().values()));
    stages.forEach((name, block) -> out.put(name, List.copyOf(block.getParameters().values())));
    out.put("fc", List.of(fc));
    return out;
  }

  /**
   * Makes the block with face-api's pretrained weights (e.g. {@code
   * FaceApiWeights.bundled("face_recognition_model")}), its arrays owned by {@code manager},
   * initialised for [1, 3, 150, 150] input.
   */
  public static FaceRecognitionBlock pretrained(FaceApiWeights weights, NDManager manager) {
    FaceRecognitionBlock block = new FaceRecognitionBlock();
    block.load(weights, manager);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, INPUT_SIZE, INPUT_SIZE));
    return block;
  }

  /**
   * Copies face-api's tensors into the (not yet initialised) parameters, converting TF layouts to
   * DJL's.
   */
  private void load(FaceApiWeights weights, NDManager manager) {
    loadConv(weights, manager, "conv32_down", stem);
    for (Map.Entry<String, TwoConvBlock> e : stages.entrySet()) {
      loadConv(weights, manager, e.getKey() + "/conv1", e.getValue().conv1());
      loadConv(weights, manager, e.getKey() + "/conv2", e.getValue().conv2());
    }
    // Dense [in, out] -> [out, in].
    float[] dense = weights.get("fc", 256, DIMENSION).data();
    float[] outIn = new float[dense.length];
    for (int i = 0; i < 256; i++) {
      for (int o = 0; o < DIMENSION; o++) {
        outIn[o * 256 + i] = dense[i * DIMENSION + o];
      }
    }
    fc.setArray(manager.create(outIn, new Shape(DIMENSION, 256)));
  }

  private static void loadConv(
      FaceApiWeights weights, NDManager manager, String name, ScaledConv conv) {
    Shape oihw = conv.weightShape();
    int out = (int) oihw.get(0);
    int in = (int) oihw.get(1);
    int k = (int) oihw.get(2);
    float[] oihwData = TfConv.toOihw(weights.get(name + "/conv/filters", k, k, in, out));
    conv.setValues(
        manager.create(oihwData, oihw),
        manager.create(weights.get(name + "/conv/bias", out).data()),
        manager.create(weights.get(name + "/scale/weights", out).data()),
        manager.create(weights.get(name + "/scale/biases", out).data()));
  }

  /**
   * The current parameter values as face-api's tensors (the inverse of loading them: TensorFlow
   * layouts, face-api's names), for writing trained weights where {@code --model resnet --weights}
   * reads them.
   */
  public List<WeightTensor> faceApiTensors() {
    List<WeightTensor> out = new ArrayList<>();
    convTensors("conv32_down", stem, out);
    for (Map.Entry<String, TwoConvBlock> e : stages.entrySet()) {
      convTensors(e.getKey() + "/conv1", e.getValue().conv1(), out);
      convTensors(e.getKey() + "/conv2", e.getValue().conv2(), out);
    }
    float[] outIn = fc.getArray().toFloatArray();
    float[] inOut = new float[outIn.length];
    for (int i = 0; i < 256; i++) {
      for (int o = 0; o < DIMENSION; o++) {
        inOut[i * DIMENSION + o] = outIn[o * 256 + i];
      }
    }
    out.add(new WeightTensor("fc", new int[] {256, DIMENSION}, inOut));
    return out;
  }

  private static void convTensors(String name, ScaledConv conv, List<WeightTensor> out) {
    Shape oihw = conv.weightShape();
    int o = (int) oihw.get(0);
    int in = (int) oihw.get(1);
    int k = (int) oihw.get(2);
    float[] w = conv.getDirectParameters().get("weight").getArray().toFloatArray();
    float[] hwio = new float[w.length];
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < in; b++) {
        for (int h = 0; h < k; h++) {
          for (int x = 0; x < k; x++) {
            hwio[((h * k + x) * in + b) * o + a] = w[((a * in + b) * k + h) * k + x];
          }
        }
      }
    }
    out.add(new WeightTensor(name + "/conv/filters", new int[] {k, k, in, o}, hwio));
    out.add(new WeightTensor(name + "/conv/bias", new int[] {o}, values(conv, "bias")));
    out.add(new WeightTensor(name + "/scale/weights", new int[] {o}, values(conv, "scale")));
    out.add(new WeightTensor(name + "/scale/biases", new int[] {o}, values(conv, "shift")));
  }

  private static float[] values(ScaledConv conv, String parameter) {
    return conv.getDirectParameters().get(parameter).getArray().toFloatArray();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape s = stem.getOutputShapes(inputShapes)[0];
    // The valid 3 x 3 stride 2 max-pool between the stem and the first residual block.
    Shape[] shapes = {
      new Shape(s.get(0), s.get(1), (s.get(2) - 3) / 2 + 1, (s.get(3) - 3) / 2 + 1)
    };
    for (Block b : stages.values()) {
      b.initialize(manager, dataType, shapes);
      shapes = b.getOutputShapes(shapes);
    }
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    if (!fc.isInitialized()) {
      fc.setShape(new Shape(DIMENSION, 256));
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = stem.forward(store, inputs, training, params);
    x =
        new NDList(
            Pool.maxPool2d(
                x.singletonOrThrow(), MAX_POOL, MAX_POOL_STRIDE, new Shape(0, 0), false));
    for (Block b : stages.values()) {
      x = b.forward(store, x, training, params);
    }
    NDArray pooled = Pool.globalAvgPool2d(x.singletonOrThrow());
    NDArray w = store.getValue(fc, pooled.getDevice(), training);
    return new NDList(RowLinear.apply(pooled, w)); // each face's encoding independent of its batch
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), DIMENSION)};
  }
}
