package dev.facenet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facenet.weights.WeightTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * TfConv against a plain-Java convolution written straight from TensorFlow's definition (NHWC
 * input, [kh,kw,in,out] filter, "same" padding with the odd pixel after), on random data and on
 * non-square sizes so that a height/width mix-up cannot pass.
 */
class TfConvTest {
  private final Random random = new Random(7);

  @Test
  void samePaddingPutsTheOddPixelAfter() {
    assertThat(TfConv.samePadding(512, 3, 2)).containsExactly(0, 1);
    assertThat(TfConv.samePadding(7, 3, 2)).containsExactly(1, 1);
    assertThat(TfConv.samePadding(13, 3, 1)).containsExactly(1, 1);
    assertThat(TfConv.samePadding(414, 2, 2)).containsExactly(0, 0);
    assertThat(TfConv.samePadding(207, 2, 2)).containsExactly(0, 1);
    assertThat(TfConv.samePadding(13, 2, 1)).containsExactly(0, 1);
    assertThat(TfConv.samePadding(16, 1, 1)).containsExactly(0, 0);
  }

  @Test
  void fullConvolutionMatchesTensorFlowSameAndValid() {
    for (int[] c :
        new int[][] {
          {6, 9, 3, 4, 3, 2}, {7, 5, 2, 3, 3, 2}, {6, 8, 3, 5, 3, 1}, {5, 4, 4, 2, 1, 1}
        }) {
      int h = c[0], w = c[1], in = c[2], out = c[3], k = c[4], stride = c[5];
      float[] x = randoms(h * w * in);
      float[] f = randoms(k * k * in * out);
      float[] bias = randoms(out);
      try (NDManager m = Torch.newManager()) {
        TfConv conv =
            TfConv.full(m, new WeightTensor("f", new int[] {k, k, in, out}, f), bias, stride);
        assertClose(
            toNhwc(conv.same(nchw(m, x, h, w, in))),
            reference(x, h, w, in, f, k, out, stride, true, false, bias));
        assertClose(
            toNhwc(conv.valid(nchw(m, x, h, w, in))),
            reference(x, h, w, in, f, k, out, stride, false, false, bias));
      }
    }
  }

  @Test
  void zeroChannelsChangeNothingButTheCount() {
    assertThat(TfConv.paddedChannels(10)).isEqualTo(16);
    assertThat(TfConv.paddedChannels(28)).isEqualTo(32);
    assertThat(TfConv.paddedChannels(48)).isEqualTo(48);
    int h = 7, w = 6, in = 3, out = 5, k = 3;
    float[] x = randoms(h * w * in);
    float[] f = randoms(k * k * in * out);
    float[] bias = randoms(out);
    WeightTensor grown =
        TfConv.withZeroChannels(new WeightTensor("f", new int[] {k, k, in, out}, f), 4, 8);
    assertThat(grown.shape()).containsExactly(k, k, 4, 8);
    // the input with a fourth channel of noise: its weights are zero, so it must not count
    float[] x4 = new float[h * w * 4];
    for (int p = 0; p < h * w; p++) {
      System.arraycopy(x, p * in, x4, p * 4, in);
      x4[p * 4 + 3] = 1000 * random.nextFloat();
    }
    float[] expected = reference(x, h, w, in, f, k, out, 1, false, false, bias);
    try (NDManager m = Torch.newManager()) {
      TfConv conv = TfConv.full(m, grown, java.util.Arrays.copyOf(bias, 8), 1);
      float[] got = toNhwc(conv.valid(nchw(m, x4, h, w, 4)));
      int pixels = got.length / 8;
      float[] firstFive = new float[pixels * out];
      for (int p = 0; p < pixels; p++) {
        System.arraycopy(got, p * 8, firstFive, p * out, out);
        for (int o = out; o < 8; o++) {
          assertThat(got[p * 8 + o]).as("added output channel %d", o).isZero();
        }
      }
      assertClose(firstFive, expected);
    }
  }

  @Test
  void depthwiseConvolutionMatchesTensorFlowWithAFoldedScale() {
    for (int[] c : new int[][] {{8, 6, 4, 2}, {5, 7, 3, 1}, {9, 9, 2, 2}}) {
      int h = c[0], w = c[1], ch = c[2], stride = c[3];
      float[] x = randoms(h * w * ch);
      float[] f = randoms(9 * ch);
      float[] scale = randoms(ch);
      float[] bias = randoms(ch);
      float[] scaled = f.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= scale[i % ch];
      }
      try (NDManager m = Torch.newManager()) {
        TfConv conv =
            TfConv.depthwise(
                m, new WeightTensor("d", new int[] {3, 3, ch, 1}, f), scale, bias, stride);
        assertClose(
            toNhwc(conv.same(nchw(m, x, h, w, ch))),
            reference(x, h, w, ch, scaled, 3, ch, stride, true, true, bias));
      }
    }
  }

  @Test
  void maxPoolSamePadsWithMinusInfinity() {
    // All values negative: a zero-padded pool would report 0 at the right and bottom edges.
    int h = 5, w = 7, ch = 2;
    float[] x = new float[h * w * ch];
    for (int i = 0; i < x.length; i++) {
      x[i] = -1 - random.nextFloat();
    }
    try (NDManager m = Torch.newManager()) {
      for (int stride : new int[] {1, 2}) {
        float[] got = toNhwc(TfConv.maxPoolSame(nchw(m, x, h, w, ch), 2, stride));
        int oh = (h + stride - 1) / stride;
        int ow = (w + stride - 1) / stride;
        int[] ph = TfConv.samePadding(h, 2, stride);
        int[] pw = TfConv.samePadding(w, 2, stride);
        float[] want = new float[oh * ow * ch];
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int c = 0; c < ch; c++) {
              float best = Float.NEGATIVE_INFINITY;
              for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                  int y = oy * stride + dy - ph[0];
                  int xx = ox * stride + dx - pw[0];
                  if (y >= 0 && y < h && xx >= 0 && xx < w) {
                    best = Math.max(best, x[(y * w + xx) * ch + c]);
                  }
                }
              }
              want[(oy * ow + ox) * ch + c] = best;
            }
          }
        }
        assertThat(got).as("stride " + stride).containsExactly(want);
        for (float v : got) {
          assertThat(v).isNegative();
        }
      }
    }
  }

  private float[] randoms(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextFloat() * 2 - 1;
    }
    return a;
  }

  /** NHWC floats to an NCHW tensor of batch 1. */
  private static NDArray nchw(NDManager m, float[] nhwc, int h, int w, int c) {
    return m.create(nhwc, new Shape(1, h, w, c)).transpose(0, 3, 1, 2);
  }

  private static float[] toNhwc(NDArray nchw) {
    return nchw.transpose(0, 2, 3, 1).toFloatArray();
  }

  /** TensorFlow's conv2d / depthwise_conv2d, by definition, in double. */
  private static float[] reference(
      float[] x,
      int h,
      int w,
      int in,
      float[] f,
      int k,
      int out,
      int stride,
      boolean same,
      boolean depthwise,
      float[] bias) {
    int oh = same ? (h + stride - 1) / stride : (h - k) / stride + 1;
    int ow = same ? (w + stride - 1) / stride : (w - k) / stride + 1;
    int top = same ? TfConv.samePadding(h, k, stride)[0] : 0;
    int left = same ? TfConv.samePadding(w, k, stride)[0] : 0;
    float[] y = new float[oh * ow * out];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int o = 0; o < out; o++) {
          double s = bias[o];
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = oy * stride + ky - top;
              int ix = ox * stride + kx - left;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                continue;
              }
              if (depthwise) {
                s += x[(iy * w + ix) * in + o] * f[(ky * k + kx) * in + o];
              } else {
                for (int i = 0; i < in; i++) {
                  s += x[(iy * w + ix) * in + i] * f[((ky * k + kx) * in + i) * out + o];
                }
              }
            }
          }
          y[(oy * ow + ox) * out + o] = (float) s;
        }
      }
    }
    return y;
  }

  private static void assertClose(float[] got, float[] want) {
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("element " + i).isCloseTo(want[i], within(1e-5f));
    }
  }
}
