package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.facenet.weights.WeightTensor;

/**
 * A 2-D convolution with TensorFlow's semantics on PyTorch tensors (NCHW): the face-api networks were
 * trained in TensorFlow, whose "same" padding puts the odd pixel after (a 3x3 stride-2 convolution on an even
 * size pads 0 before and 1 after), which PyTorch's symmetric padding cannot express. Holds the weight in
 * PyTorch's layout (OIHW, depthwise {@code [C,1,kh,kw]} with groups = C) and a bias; inference only.
 */
public record TfConv(NDArray weight, NDArray bias, int stride, int groups) {

  /** A full convolution from a TensorFlow {@code [kh,kw,in,out]} filter and a bias vector. */
  public static TfConv full(NDManager manager, WeightTensor filters, float[] bias, int stride) {
    int[] s = filters.shape();
    int kh = s[0];
    int kw = s[1];
    int in = s[2];
    int out = s[3];
    float[] src = filters.data();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    checkBias(filters, bias, out);
    return new TfConv(manager.create(dst, new Shape(out, in, kh, kw)), manager.create(bias), stride, 1);
  }

  /**
   * A depthwise convolution from a TensorFlow {@code [kh,kw,C,1]} filter; each channel's kernel is multiplied
   * by {@code channelScale[c]} (null for none), which is how a following batch-norm is folded in.
   */
  public static TfConv depthwise(NDManager manager, WeightTensor filters, float[] channelScale, float[] bias, int stride) {
    int[] s = filters.shape();
    if (s.length != 4 || s[3] != 1) {
      throw new IllegalArgumentException(filters + ": not a depthwise filter [kh,kw,C,1]");
    }
    int kh = s[0];
    int kw = s[1];
    int c = s[2];
    float[] src = filters.data();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < c; i++) {
          float scale = channelScale == null ? 1f : channelScale[i];
          dst[(i * kh + y) * kw + x] = src[(y * kw + x) * c + i] * scale;
        }
      }
    }
    checkBias(filters, bias, c);
    return new TfConv(manager.create(dst, new Shape(c, 1, kh, kw)), manager.create(bias), stride, c);
  }

  private static void checkBias(WeightTensor filters, float[] bias, int channels) {
    if (bias.length != channels) {
      throw new IllegalArgumentException(filters + ": bias has " + bias.length + " values, expected " + channels);
    }
  }

  private int kernelHeight() {
    return (int) weight.getShape().get(2);
  }

  private int kernelWidth() {
    return (int) weight.getShape().get(3);
  }

  /** The convolution with TensorFlow "same" padding (zeros; the odd pixel after). */
  public NDArray same(NDArray x) {
    int[] ph = samePadding((int) x.getShape().get(2), kernelHeight(), stride);
    int[] pw = samePadding((int) x.getShape().get(3), kernelWidth(), stride);
    if (ph[0] == ph[1] && pw[0] == pw[1]) {
      return run(x, ph[0], pw[0]);
    }
    NDArray padded = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
    return run(padded, 0, 0);
  }

  /** The convolution without padding ("valid"). */
  public NDArray valid(NDArray x) {
    return run(x, 0, 0);
  }

  /** The convolution after {@code pad} zeros on every side. */
  public NDArray padded(NDArray x, int pad) {
    return run(x, pad, pad);
  }

  private NDArray run(NDArray x, int padH, int padW) {
    return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padH, padW), new Shape(1, 1), groups)
        .singletonOrThrow();
  }

  /**
   * Max-pooling with TensorFlow "same" padding: the padded cells hold -infinity, so they never win.
   *
   * @param x NCHW input
   * @param kernel square window side
   * @param stride step in both directions
   */
  public static NDArray maxPoolSame(NDArray x, int kernel, int stride) {
    int[] ph = samePadding((int) x.getShape().get(2), kernel, stride);
    int[] pw = samePadding((int) x.getShape().get(3), kernel, stride);
    NDArray in = x;
    if (ph[0] + ph[1] + pw[0] + pw[1] > 0) {
      in = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), Double.NEGATIVE_INFINITY);
    }
    return Pool.maxPool2d(in, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false);
  }

  /** TensorFlow "same" padding along one axis: {before, after}, the smaller half before. */
  public static int[] samePadding(int size, int kernel, int stride) {
    int out = (size + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + kernel - size, 0);
    return new int[] {total / 2, total - total / 2};
  }
}
