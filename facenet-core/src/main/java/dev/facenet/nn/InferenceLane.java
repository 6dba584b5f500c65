package dev.facenet.nn;

import dev.facenet.common.FaceNetException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread on which every network of the process runs its inference. PyTorch keeps memory per
 * calling thread (oneDNN's scratch space sized for the largest layer it ran, an OpenMP team of
 * worker threads), so networks called from several threads hold several copies: {@code facenet
 * detect} on a 12 MP photo peaks at about 1030 MB that way against about 860 MB on one thread, and
 * competing calls only split the same cores. The networks' {@link BatchQueue}s gather the batches;
 * this lane runs them one after another. Work already on the lane runs in place.
 *
 * <p>Thread-safe.
 */
final class InferenceLane {
  private static final ExecutorService LANE =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "facenet-inference");
            t.setDaemon(true);
            return t;
          });
  private static volatile Thread laneThread;

  private InferenceLane() {}

  /**
   * Runs {@code work} on the lane and returns its result; its exceptions reach the caller as they
   * are. A caller interrupted while waiting never returns while its work runs: the work uses what
   * the caller holds (a network's read lock, which keeps its weights from being freed), so the
   * caller waits for it to end; work that has not started yet is dropped.
   */
  static <T> T call(Callable<T> work) {
    if (Thread.currentThread() == laneThread) {
      return unchecked(work);
    }
    // whichever comes first, the lane starting the work or the caller giving up, claims it
    AtomicBoolean claimed = new AtomicBoolean();
    Future<T> result =
        LANE.submit(
            () -> {
              if (!claimed.compareAndSet(false, true)) {
                return null; // the caller gave up before it started
              }
              laneThread = Thread.currentThread();
              return work.call();
            });
    try {
      return result.get();
    } catch (InterruptedException e) {
      if (!claimed.compareAndSet(false, true)) {
        awaitUninterruptibly(result);
      }
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while waiting for a network", e);
    } catch (ExecutionException e) {
      throw rethrown(e);
    }
  }

  /** Waits until the work has ended, however often the waiting thread is interrupted. */
  private static void awaitUninterruptibly(Future<?> result) {
    while (true) {
      try {
        result.get();
        return;
      } catch (InterruptedException again) {
        // keep waiting: the caller's interrupt is restored after
      } catch (ExecutionException | CancellationException ended) {
        return;
      }
    }
  }

  private static RuntimeException rethrown(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private static <T> T unchecked(Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
