package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import dev.facenet.nn.BatchQueue;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An encoder shared by many threads: their chips are gathered into batches by a {@link BatchQueue}
 * and encoded together by one worker, so concurrent callers get batch throughput and never run the
 * network on the cores at the same time. Each caller gets exactly the encodings the wrapped encoder
 * gives its chips.
 *
 * <p>Thread-safe. Owns the wrapped encoder: closing this closes it.
 */
public final class BatchingEncoder implements FaceEncoder {
  /** Chips per network call at most: where the encoders' throughput levels off on a CPU. */
  public static final int MAX_BATCH = 32;

  /** Chips waiting at most; callers beyond that wait for room. */
  public static final int CAPACITY = 1024;

  private final FaceEncoder encoder;
  private final BatchQueue<BufferedImage, float[]> queue;

  public BatchingEncoder(FaceEncoder encoder) {
    this(encoder, MAX_BATCH, BatchQueue.DEFAULT_WAIT);
  }

  public BatchingEncoder(FaceEncoder encoder, int maxBatch, Duration maxWait) {
    this.encoder = encoder;
    this.queue =
        new BatchQueue<>(
            encoder.name() + " encoder",
            maxBatch,
            maxWait,
            Math.max(CAPACITY, maxBatch),
            chips -> Arrays.asList(encoder.encode(chips)));
  }

  /** The queue in front of the network: its depth and batch counts. */
  public BatchQueue<BufferedImage, float[]> queue() {
    return queue;
  }

  @Override
  public String name() {
    return encoder.name();
  }

  @Override
  public int inputSize() {
    return encoder.inputSize();
  }

  @Override
  public FaceAligner aligner() {
    return encoder.aligner();
  }

  @Override
  public int dimension() {
    return encoder.dimension();
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    return queue.run(faces).toArray(float[][]::new);
  }

  @Override
  public Optional<String> warning() {
    return encoder.warning();
  }

  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      encoder.close();
    }
  }
}
