package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * An encoder whose weights load on a background thread, started by the first {@link #prepare()} or
 * use, while the caller goes on: a photo search starts the load and runs meanwhile, so a photo
 * without a face never waits for the encoder and a photo with one waits only for what is left of
 * the load; work that never encodes (finding faces alone) never loads it. Every method that needs
 * the encoder waits for the load; a load that failed throws its failure from each of them.
 *
 * <p>Thread-safe when the opened encoder is.
 */
public final class OpeningEncoder implements FaceEncoder {
  private final FaceEncoderProvider provider;
  private final Supplier<FaceEncoder> open;
  private final CompletableFuture<FaceEncoder> opening = new CompletableFuture<>();

  /** Guarded by this: whether the load has started, and whether {@link #close()} was called. */
  private boolean started;

  private boolean closed;

  /** Whether a caller has been given the load's failure. */
  private volatile boolean failureSeen;

  /**
   * Opens nothing yet: {@code open} runs on a new daemon thread at the first need. The name and the
   * aligner are the provider's, answered without waiting.
   */
  public OpeningEncoder(FaceEncoderProvider provider, Supplier<FaceEncoder> open) {
    this.provider = provider;
    this.open = open;
  }

  /** Starts the load unless it has started (or this encoder is closed). */
  @Override
  public synchronized void prepare() {
    if (started || closed) {
      return;
    }
    started = true;
    Thread loader =
        new Thread(
            () -> {
              try {
                FaceEncoder e = open.get();
                if (!e.name().equals(provider.name())) {
                  e.close();
                  throw new IllegalStateException(
                      "the " + provider.name() + " provider opened " + e.name());
                }
                opening.complete(e);
              } catch (Throwable t) {
                opening.completeExceptionally(t);
              }
            },
            "facenet-encoder-loader");
    loader.setDaemon(true);
    loader.start();
  }

  private synchronized boolean started() {
    return started;
  }

  /** The opened encoder, starting the load and waiting for it if needed. */
  public FaceEncoder opened() {
    prepare();
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
    return provider.name();
  }

  @Override
  public int inputSize() {
    return opened().inputSize();
  }

  @Override
  public FaceAligner aligner() {
    return provider.aligner();
  }

  @Override
  public int dimension() {
    return opened().dimension();
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    return opened().encode(faces);
  }

  /** Empty while the encoder has not been needed: what it would say concerns no result. */
  @Override
  public Optional<String> warning() {
    return started() ? opened().warning() : Optional.empty();
  }

  /**
   * Waits for the load to end and closes what it opened; an encoder never needed has nothing to
   * close, and later calls fail. A failed load has nothing to close; its failure is thrown here
   * when no caller has seen it yet, so that work which never needed the encoder (a photo without a
   * face) still reports bad weights.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (!started) {
        opening.completeExceptionally(new IllegalStateException("the encoder is closed"));
        return;
      }
    }
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
