package dev.facenet.nn;

import dev.facenet.common.FaceNetException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
   * are.
   */
  static <T> T call(Callable<T> work) {
    if (Thread.currentThread() == laneThread) {
      return unchecked(work);
    }
    Future<T> result =
        LANE.submit(
            () -> {
              laneThread = Thread.currentThread();
              return work.call();
            });
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(false);
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while waiting for a network", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
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
