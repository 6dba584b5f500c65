package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.facenet.weights.WeightTensor;

/**
 * A 2-D convolution with TensorFlow's semantics on PyTorch tensors (NCHW): the face-api networks
 * were trained in TensorFlow, whose "same" padding puts the odd pixel after (a 3x3 stride-2
 * convolution on an even size pads 0 before and 1 after), which PyTorch's symmetric padding cannot
 * express. Holds the weight in PyTorch's layout (OIHW, depthwise {@code [C,1,kh,kw]} with groups =
 * C) and a bias; inference only.
 */
public record TfConv(NDArray weight, NDArray bias, int stride, int groups) {

  /** A full convolution from a TensorFlow {@code [kh,kw,in,out]} filter and a bias vector. */
  public static TfConv full(NDManager manager, WeightTensor filters, float[] bias, int stride) {
    int[] s = filters.shape();
    int out = s[3];
    checkBias(filters, bias, out);
    return new TfConv(
        manager.create(toOihw(filters), new Shape(out, s[2], s[0], s[1])),
        manager.create(bias),
        stride,
        1);
  }

  /**
   * Channels rounded up to a multiple of 16. PyTorch 2.5 on the CPU hands a convolution whose input
   * has some other count (over 8 with AVX2, over 16 with AVX-512) to oneDNN in a blocked layout
   * padded to that multiple, and the padding channels are not always zero: they hold whatever the
   * memory held before, so an earlier NaN there turns every output of the batch into NaN. A network
   * whose inner layers have such counts is given zero channels up to this many instead.
   */
  public static int paddedChannels(int channels) {
    return (channels + 15) / 16 * 16;
  }

  /**
   * A TensorFlow filter {@code [kh,kw,in,out]} grown to {@code [kh,kw,inTo,outTo]} with zeros: the
   * extra inputs weigh nothing, the extra outputs are zero (with a zero bias).
   */
  public static WeightTensor withZeroChannels(WeightTensor filters, int inTo, int outTo) {
    int[] s = filters.shape();
    int in = s[2];
    int out = s[3];
    if (inTo < in || outTo < out) {
      throw new IllegalArgumentException(filters + ": cannot shrink to " + inTo + " x " + outTo);
    }
    float[] src = filters.data();
    float[] dst = new float[s[0] * s[1] * inTo * outTo];
    for (int yx = 0; yx < s[0] * s[1]; yx++) {
      for (int i = 0; i < in; i++) {
        System.arraycopy(src, (yx * in + i) * out, dst, (yx * inTo + i) * outTo, out);
      }
    }
    return new WeightTensor(filters.name(), new int[] {s[0], s[1], inTo, outTo}, dst);
  }

  /**
   * A TensorFlow convolution kernel {@code [kh,kw,in,out]} as PyTorch's {@code [out,in,kh,kw]},
   * contiguous.
   */
  public static float[] toOihw(WeightTensor filters) {
    int[] s = filters.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException(filters + ": not a convolution filter [kh,kw,in,out]");
    }
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
    return dst;
  }

  /**
   * A depthwise convolution from a TensorFlow {@code [kh,kw,C,1]} filter; each channel's kernel is
   * multiplied by {@code channelScale[c]} (null for none), which is how a following batch-norm is
   * folded in. The bias may be null (none).
   */
  public static TfConv depthwise(
      NDManager manager, WeightTensor filters, float[] channelScale, float[] bias, int stride) {
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
    NDArray biasArray = null;
    if (bias != null) {
      checkBias(filters, bias, c);
      biasArray = manager.create(bias);
    }
    return new TfConv(manager.create(dst, new Shape(c, 1, kh, kw)), biasArray, stride, c);
  }

  private static void checkBias(WeightTensor filters, float[] bias, int channels) {
    if (bias.length != channels) {
      throw new IllegalArgumentException(
          filters + ": bias has " + bias.length + " values, expected " + channels);
    }
  }

  /** The convolution with TensorFlow "same" padding (zeros; the odd pixel after). */
  public NDArray same(NDArray x) {
    return sameConv(x, weight, bias, stride, groups);
  }

  /** The convolution without padding ("valid"). */
  public NDArray valid(NDArray x) {
    return validConv(x, weight, bias, stride, groups);
  }

  /** The convolution after {@code pad} zeros on every side. */
  public NDArray padded(NDArray x, int pad) {
    return convolve(x, weight, bias, stride, pad, pad, groups);
  }

  /**
   * A convolution with TensorFlow "same" padding (zeros; the odd pixel after) for weights held
   * elsewhere, e.g. in trainable parameters.
   *
   * @param x NCHW input
   * @param weight OIHW kernel (depthwise: {@code [C,1,kh,kw]})
   * @param bias one value per output channel, or null
   * @param stride step in both directions
   * @param groups 1, or the channel count for a depthwise convolution
   */
  public static NDArray sameConv(NDArray x, NDArray weight, NDArray bias, int stride, int groups) {
    int[] ph = samePadding((int) x.getShape().get(2), (int) weight.getShape().get(2), stride);
    int[] pw = samePadding((int) x.getShape().get(3), (int) weight.getShape().get(3), stride);
    if (ph[0] == ph[1] && pw[0] == pw[1]) {
      return convolve(x, weight, bias, stride, ph[0], pw[0], groups);
    }
    NDArray padded = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
    return convolve(padded, weight, bias, stride, 0, 0, groups);
  }

  /** As {@link #sameConv} without padding (TensorFlow's "valid"). */
  public static NDArray validConv(NDArray x, NDArray weight, NDArray bias, int stride, int groups) {
    return convolve(x, weight, bias, stride, 0, 0, groups);
  }

  /**
   * PyTorch's convolution with symmetric zero padding, giving an input alone the same bits it gets
   * in a batch.
   *
   * @param x NCHW input
   * @param weight OIHW kernel
   * @param bias one value per output channel, or null
   */
  public static NDArray convolve(
      NDArray x, NDArray weight, NDArray bias, int stride, int padH, int padW, int groups) {
    if (x.getShape().get(0) == 1 && takesNativePathAlone(x, weight, groups)) {
      // Run it as a batch of two (the picture twice) and keep the first: see takesNativePathAlone.
      NDArray two = x.concat(x, 0);
      return conv(two, weight, bias, stride, groups, padH, padW).get("0:1");
    }
    return conv(x, weight, bias, stride, groups, padH, padW);
  }

  private static NDArray conv(
      NDArray x, NDArray weight, NDArray bias, int stride, int groups, int padH, int padW) {
    return Conv2d.conv2d(
            x,
            weight,
            bias,
            new Shape(stride, stride),
            new Shape(padH, padW),
            new Shape(1, 1),
            groups)
        .singletonOrThrow();
  }

  /**
   * PyTorch 2.5 on the CPU convolves a single small input (at most 20480 values, a kernel no wider
   * than 3 on at least one side, no groups) with its own im2col code, and any batch of two or more
   * with oneDNN: the two sum in different orders, so a face's encoding would differ in its last
   * bits depending on whether it came alone or in a batch. Such inputs are the small late layers
   * (128 channels of 9 x 9, 256 of 5 x 5), cheap to run twice, so a lone input goes the batch's way
   * and every face gets the same bits however it is batched.
   */
  static boolean takesNativePathAlone(NDArray x, NDArray weight, int groups) {
    Shape k = weight.getShape();
    return groups == 1 && x.getShape().size() <= 20480 && !(k.get(2) > 3 && k.get(3) > 3);
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
    return Pool.maxPool2d(
        in, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false);
  }

  /** TensorFlow "same" padding along one axis: {before, after}, the smaller half before. */
  public static int[] samePadding(int size, int kernel, int stride) {
    int out = (size + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + kernel - size, 0);
    return new int[] {total / 2, total - total / 2};
  }
}
