package dev.facenet.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.image.NetInput;
import dev.facenet.nn.TfConv;
import dev.facenet.weights.FaceApiWeights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * face-api's fast face detector, a small YOLO-style network with depthwise-separable convolutions
 * (190 kB of weights, any input size that is a multiple of 32, 416 by default), run on DJL's
 * PyTorch engine with the package's weights, decoding and non-maximum suppression, so it finds what
 * face-api's {@code detectAllFaces} with {@code TinyFaceDetectorOptions} finds. Several times
 * faster than {@link SsdMobilenetV1Detector}, and weaker on small faces.
 */
public final class TinyFaceDetector extends NetworkDetector {
  /** face-api's default input size. */
  public static final int DEFAULT_INPUT_SIZE = 416;

  /** face-api's default score threshold. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  /** face-api's overlap limit for non-maximum suppression. */
  public static final double IOU_THRESHOLD = 0.4;

  /** Anchor sizes (width, height) in grid cells. */
  private static final double[][] ANCHORS = {
    {1.603231, 2.094468},
    {6.041143, 7.080126},
    {2.882459, 3.518061},
    {4.266906, 5.178857},
    {9.041765, 10.66308}
  };

  private static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};

  /** face-api's leaky ReLU slope, 0.1 as a float. */
  private static final float LEAK = 0.1f;

  private final int inputSize;
  private final TfConv conv0;
  private final TfConv[] depthwise = new TfConv[6];
  private final TfConv[] pointwise = new TfConv[6];
  private final TfConv conv8;

  /**
   * The detector at face-api's default input size (416) with the weights bundled from the npm
   * package.
   */
  public TinyFaceDetector() {
    this(DEFAULT_INPUT_SIZE);
  }

  /**
   * The detector at another input size (a multiple of 32: larger finds smaller faces, and is
   * slower).
   */
  public TinyFaceDetector(int inputSize) {
    this(FaceApiWeights.bundled("tiny_face_detector_model"), inputSize);
  }

  /** The detector with the given weights (face-api's {@code tiny_face_detector_model}). */
  public TinyFaceDetector(FaceApiWeights w, int inputSize) {
    super(
        "tiny",
        "the tiny face detector",
        new NetInput(checkInputSize(inputSize), NetInput.Padding.BOTTOM_RIGHT, MEAN_RGB, 255f),
        DEFAULT_MIN_CONFIDENCE);
    this.inputSize = inputSize;
    NDManager manager = weights();
    try {
      conv0 =
          TfConv.full(
              manager, w.get("conv0/filters", 3, 3, 3, 16), w.get("conv0/bias", 16).data(), 1);
      int channels = 16;
      for (int i = 1; i <= 5; i++) {
        String p = "conv" + i;
        depthwise[i] =
            TfConv.depthwise(
                manager,
                w.get(p + "/depthwise_filter", 3, 3, channels, 1),
                null,
                new float[channels],
                1);
        pointwise[i] =
            TfConv.full(
                manager,
                w.get(p + "/pointwise_filter", 1, 1, channels, 2 * channels),
                w.get(p + "/bias", 2 * channels).data(),
                1);
        channels *= 2;
      }
      conv8 =
          TfConv.full(
              manager,
              w.get("conv8/filters", 1, 1, channels, 25),
              w.get("conv8/bias", 25).data(),
              1);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static int checkInputSize(int inputSize) {
    if (inputSize < 32 || inputSize % 32 != 0) {
      throw new FaceNetException(
          "tiny face detector: input size must be a positive multiple of 32, got " + inputSize);
    }
    return inputSize;
  }

  public int inputSize() {
    return inputSize;
  }

  /**
   * The network: [g, g, 25] (NHWC), 5 values (tx, ty, tw, th, objectness) for each of 5 anchors per
   * cell.
   */
  @Override
  NDList forward(NDArray x) {
    x = leaky(conv0.valid(x));
    x = TfConv.maxPoolSame(x, 2, 2);
    for (int i = 1; i <= 5; i++) {
      x = leaky(pointwise[i].valid(depthwise[i].padded(x, 1)));
      x = TfConv.maxPoolSame(x, 2, i < 5 ? 2 : 1);
    }
    return new NDList(conv8.valid(x).transpose(0, 2, 3, 1));
  }

  private static NDArray leaky(NDArray x) {
    return Activation.leakyRelu(x, LEAK);
  }

  @Override
  List<Detection> decode(float[][] outputs, int width, int height, double minConfidence) {
    float[] out = outputs[0];
    int cells = (int) Math.round(Math.sqrt(out.length / 25.0));
    if (cells * cells * 25 != out.length) {
      throw new IllegalStateException(
          "tiny face detector output of " + out.length + " values is not a square grid");
    }
    // The square input holds the picture in its top-left rw x rh pixels; boxes are relative to rw,
    // rh.
    double scale = (double) inputSize / Math.max(width, height);
    double rw = Math.max(1, Math.round(width * scale));
    double rh = Math.max(1, Math.round(height * scale));
    double cfx = Math.max(rw, rh) / rw;
    double cfy = Math.max(rw, rh) / rh;
    List<Box> boxes = new ArrayList<>();
    List<Double> scoreList = new ArrayList<>();
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        for (int a = 0; a < ANCHORS.length; a++) {
          int o = ((row * cells + col) * ANCHORS.length + a) * 5;
          double score = sigmoid(out[o + 4]);
          if (score > minConfidence) {
            double cx = (col + sigmoid(out[o])) / cells * cfx;
            double cy = (row + sigmoid(out[o + 1])) / cells * cfy;
            double w = Math.exp(out[o + 2]) * ANCHORS[a][0] / cells * cfx;
            double h = Math.exp(out[o + 3]) * ANCHORS[a][1] / cells * cfy;
            double x = cx - w / 2;
            double y = cy - h / 2;
            boxes.add(new Box(x, y, w, h));
            scoreList.add(score);
          }
        }
      }
    }
    // face-api sorts ascending and takes from the end, so among equal scores the later cell wins:
    // reverse the
    // candidates so the stable descending sort of Nms does the same.
    Collections.reverse(boxes);
    Collections.reverse(scoreList);
    double[] scores = scoreList.stream().mapToDouble(Double::doubleValue).toArray();
    List<Integer> kept = Nms.select(boxes, scores, IOU_THRESHOLD, Integer.MAX_VALUE);
    List<Detection> detections = new ArrayList<>(kept.size());
    for (int k : kept) {
      detections.add(new Detection(boxes.get(k).scale(width, height), scores[k]));
    }
    return detections;
  }
}
