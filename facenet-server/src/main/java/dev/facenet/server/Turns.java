package dev.facenet.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue in front of the pictures' work: at most {@code concurrent} requests decode and
 * search at once (each holds a decoded picture, up to 24 MP), at most {@code waiting} wait for a
 * turn, and any beyond are refused at once (503 with Retry-After) instead of piling up memory.
 *
 * <p>Thread-safe.
 */
final class Turns {
  private final Semaphore running;
  private final int concurrent;
  private final int waiting;
  private final AtomicInteger queued = new AtomicInteger();

  Turns(int concurrent, int waiting) {
    this.running = new Semaphore(concurrent, true);
    this.concurrent = concurrent;
    this.waiting = waiting;
  }

  /** Requests waiting for a turn now. */
  int queued() {
    return queued.get();
  }

  /** Requests in their turn now. */
  int running() {
    return concurrent - running.availablePermits();
  }

  /** Runs {@code work} in a turn, waiting for one if the queue has room. */
  <T> T run(java.util.function.Supplier<T> work) {
    if (!running.tryAcquire()) {
      if (queued.incrementAndGet() > waiting) {
        queued.decrementAndGet();
        throw new ApiError(503, "busy", "the server is busy; try again in a moment");
      }
      try {
        running.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(503, "busy", "the server is stopping");
      } finally {
        queued.decrementAndGet();
      }
    }
    try {
      return work.get();
    } finally {
      running.release();
    }
  }
}
