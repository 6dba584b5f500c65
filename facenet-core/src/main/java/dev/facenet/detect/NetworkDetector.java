package dev.facenet.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facenet.image.NetInput;
import dev.facenet.nn.BatchQueue;
import dev.facenet.nn.LoadedNetwork;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What face-api's detectors share, so each detector class keeps only its network and its decoding:
 * the adjustable minimum confidence, the weights under a lifecycle lock ({@link LoadedNetwork}),
 * and one run of a detection (the picture prepared as the network's square input, the network run,
 * its outputs read back).
 */
abstract class NetworkDetector implements FaceDetector {
  /**
   * Pictures per network call when several threads detect at once: one. Calls still go through a
   * queue, so one picture is searched at a time and the cores are not split between competing
   * calls, but they are not batched: a 512 x 512 detector is bound by memory traffic on a CPU, and
   * with batches of 8 eight threads recognising photos ran at 0.48x the speed of one thread (0.96x
   * with batches of 2), against 1.1-1.5x with one picture per call (scripts/bench-concurrency.sh, 2
   * cores).
   */
  static final int MAX_BATCH = 1;

  private final String name;
  private final NetInput input;
  private final LoadedNetwork network;

  /** Concurrent callers' pictures, run through the network together. */
  private final BatchQueue<float[], float[][]> queue;

  private volatile double minConfidence;

  /**
   * @param name the detector's id
   * @param description what the detector is, for messages (e.g. {@code the tiny face detector})
   * @param input how a picture becomes the network's input
   * @param minConfidence the default minimum confidence
   */
  NetworkDetector(String name, String description, NetInput input, double minConfidence) {
    this.name = name;
    this.input = input;
    this.minConfidence = FaceDetector.checkConfidence(minConfidence);
    this.network = new LoadedNetwork(description);
    Shape item = new Shape(3, input.size(), input.size());
    this.queue =
        new BatchQueue<>(
            description,
            MAX_BATCH,
            BatchQueue.DEFAULT_WAIT,
            8 * MAX_BATCH,
            pictures -> network.runBatch(pictures, item, this::forward));
  }

  /**
   * Where subclasses create their weights while loading; on a failure they {@link #close()} and
   * rethrow.
   */
  final NDManager weights() {
    return network.manager();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double minConfidence() {
    return minConfidence;
  }

  @Override
  public void setMinConfidence(double minConfidence) {
    this.minConfidence = FaceDetector.checkConfidence(minConfidence);
  }

  @Override
  public List<Detection> detect(BufferedImage image, double minConfidence) {
    FaceDetector.checkConfidence(minConfidence);
    float[] prepared =
        input.prepare(image); // in the caller's thread; only the network runs in the queue's
    float[][] outputs = queue.run(List.of(prepared)).get(0);
    return decode(outputs, image.getWidth(), image.getHeight(), minConfidence);
  }

  /** The pictures in one batch of the network (the queue splits batches over its maximum). */
  @Override
  public List<List<Detection>> detectAll(List<BufferedImage> images, double minConfidence) {
    FaceDetector.checkConfidence(minConfidence);
    List<float[]> prepared = images.stream().map(input::prepare).toList();
    List<float[][]> outputs = queue.run(prepared);
    List<List<Detection>> out = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = images.get(i);
      out.add(decode(outputs.get(i), image.getWidth(), image.getHeight(), minConfidence));
    }
    return out;
  }

  /**
   * The network on one prepared picture [1, 3, size, size]; its outputs in the order {@link
   * #decode} takes.
   */
  abstract NDList forward(NDArray x);

  /**
   * The detections above {@code minConfidence} from the network's outputs, boxes in the picture's
   * pixels.
   */
  abstract List<Detection> decode(float[][] outputs, int width, int height, double minConfidence);

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** Frees the weights once no detection is running; later detections fail. */
  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      network.close();
    }
  }
}
