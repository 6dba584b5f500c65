package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * An encoder whose weights load on a background thread while the caller goes on (the detector loads
 * and searches meanwhile): a photo without a face never waits for the encoder, and a photo with one
 * waits only for what is left of the load. Every method waits for the load; a load that failed
 * throws its failure from each of them.
 *
 * <p>Thread-safe when the opened encoder is.
 */
public final class OpeningEncoder implements FaceEncoder {
  private final CompletableFuture<FaceEncoder> opening;

  /** Whether a caller has been given the load's failure. */
  private volatile boolean failureSeen;

  /** Starts {@code open} on a new daemon thread. */
  public OpeningEncoder(Supplier<FaceEncoder> open) {
    this.opening = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                opening.complete(open.get());
              } catch (Throwable t) {
                opening.completeExceptionally(t);
              }
            },
            "facenet-encoder-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /** The opened encoder, waiting for it if needed. */
  public FaceEncoder opened() {
    try {
      return opening.join();
    } catch (CompletionException e) {
      failureSeen = true;
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  @Override
  public String name() {
    return opened().name();
  }

  @Override
  public int inputSize() {
    return opened().inputSize();
  }

  @Override
  public FaceAligner aligner() {
    return opened().aligner();
  }

  @Override
  public int dimension() {
    return opened().dimension();
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    return opened().encode(faces);
  }

  @Override
  public Optional<String> warning() {
    return opened().warning();
  }

  /**
   * Waits for the load to end and closes what it opened. A failed load has nothing to close; its
   * failure is thrown here when no caller has seen it yet, so that work which never needed the
   * encoder (a photo without a face) still reports bad weights.
   */
  @Override
  public void close() {
    boolean seen = failureSeen;
    FaceEncoder encoder;
    try {
      encoder = opening.join();
    } catch (CompletionException e) {
      if (seen) {
        return;
      }
      opened(); // throws the failure
      return;
    }
    encoder.close();
  }
}
