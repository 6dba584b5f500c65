package dev.facenet.embed.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.facenet.nn.TfConv;

/**
 * dlib's convolution unit: a square convolution with bias, then an affine per-channel "scale" layer
 * (the batch-norm dlib folded away after training: {@code y * scale + shift}), then an optional
 * ReLU. Padding follows TensorFlow ("same" or "valid"), which is how face-api runs the network.
 *
 * <p>The four tensors are separate trainable {@link Parameter}s. For inference only, the scale is
 * folded into the convolution ({@code W * scale}, {@code bias * scale + shift}) once and reused,
 * which saves two passes over every activation; a training forward pass drops that folded copy, so
 * it is rebuilt from the current values.
 */
public final class ScaledConv extends AbstractBlock {

  /** TensorFlow's two padding modes. */
  public enum Padding {
    /** Output size ceil(n / stride); the odd pixel of padding goes after. */
    SAME,
    /** No padding. */
    VALID
  }

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final Padding padding;
  private final boolean relu;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter scale;
  private final Parameter shift;

  /** (folded weight, folded bias) for inference, or null when not made yet or stale. */
  private volatile NDList folded;

  public ScaledConv(
      int inChannels, int outChannels, int kernel, int stride, Padding padding, boolean relu) {
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.relu = relu;
    weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    scale =
        addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.GAMMA).build());
    shift = addParameter(Parameter.builder().setName("shift").setType(Parameter.Type.BETA).build());
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  /** Shape of the convolution weight, OIHW. */
  public Shape weightShape() {
    return new Shape(outChannels, inChannels, kernel, kernel);
  }

  /**
   * Sets all four tensors from the given arrays (weight OIHW, the others one value per output
   * channel). Only before {@link #initialize}; the arrays become the parameters.
   */
  public void setValues(
      NDArray weightValue, NDArray biasValue, NDArray scaleValue, NDArray shiftValue) {
    check(weightValue, weightShape());
    check(biasValue, new Shape(outChannels));
    check(scaleValue, new Shape(outChannels));
    check(shiftValue, new Shape(outChannels));
    weight.setArray(weightValue);
    bias.setArray(biasValue);
    scale.setArray(scaleValue);
    shift.setArray(shiftValue);
    dropFolded();
  }

  private static void check(NDArray a, Shape expected) {
    if (!a.getShape().equals(expected)) {
      throw new IllegalArgumentException("expected shape " + expected + ", got " + a.getShape());
    }
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    if (!weight.isInitialized()) {
      weight.setShape(weightShape());
      bias.setShape(new Shape(outChannels));
      scale.setShape(new Shape(outChannels));
      shift.setShape(new Shape(outChannels));
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y;
    if (training) {
      dropFolded();
      NDArray w = store.getValue(weight, x.getDevice(), true);
      NDArray b = store.getValue(bias, x.getDevice(), true);
      NDArray s = store.getValue(scale, x.getDevice(), true).reshape(1, outChannels, 1, 1);
      NDArray t = store.getValue(shift, x.getDevice(), true).reshape(1, outChannels, 1, 1);
      y = conv(x, w, b).mul(s).add(t);
    } else {
      NDList f = folded();
      y = conv(x, f.get(0), f.get(1));
    }
    return new NDList(relu ? Activation.relu(y) : y);
  }

  /** The scale folded into the convolution, made once from the current parameter values. */
  private NDList folded() {
    NDList f = folded;
    if (f == null) {
      synchronized (this) {
        f = folded;
        if (f == null) {
          NDManager owner = weight.getArray().getManager();
          try (NDManager scratch = owner.newSubManager()) {
            NDArray s = detached(scale, scratch);
            NDArray w = detached(weight, scratch).mul(s.reshape(outChannels, 1, 1, 1));
            NDArray b = detached(bias, scratch).mul(s).add(detached(shift, scratch));
            w.attach(owner);
            b.attach(owner);
            f = new NDList(w, b);
          }
          folded = f;
        }
      }
    }
    return f;
  }

  /** The parameter's value outside autograd, owned by {@code scratch}. */
  private static NDArray detached(Parameter p, NDManager scratch) {
    NDArray a = p.getArray().stopGradient();
    a.attach(scratch);
    return a;
  }

  private synchronized void dropFolded() {
    NDList f = folded;
    if (f != null) {
      folded = null;
      f.close();
    }
  }

  /**
   * The convolution with TensorFlow's padding (the uneven "same" case pads the odd pixel after).
   */
  private NDArray conv(NDArray x, NDArray w, NDArray b) {
    return padding == Padding.SAME
        ? TfConv.sameConv(x, w, b, stride, 1)
        : TfConv.validConv(x, w, b, stride, 1);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Output size along one axis of size {@code n}. */
  long outputSize(long n) {
    return padding == Padding.SAME ? ceilDiv(n, stride) : (n - kernel) / stride + 1;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), outChannels, outputSize(in.get(2)), outputSize(in.get(3)))
    };
  }

  @Override
  public String toString() {
    return "ScaledConv("
        + inChannels
        + "->"
        + outChannels
        + ", "
        + kernel
        + "x"
        + kernel
        + "/"
        + stride
        + " "
        + padding
        + (relu ? ", relu" : "")
        + ")";
  }
}
