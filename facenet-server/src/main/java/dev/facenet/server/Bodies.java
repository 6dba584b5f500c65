package dev.facenet.server;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The request bodies held in memory, all requests together, bounded in bytes: bodies are read
 * before a request waits for its turn (so that slow senders hold no turn), and this budget keeps
 * that from growing with the number of clients. A request counts with its declared length (the
 * largest body when it declares none) from before its body is read until it is answered; one that
 * does not fit is refused at once (503 with Retry-After).
 *
 * <p>Thread-safe.
 */
final class Bodies {
  private final Semaphore kilobytes;
  private final int total;
  private final long largest;

  Bodies(long budgetBytes, long largestBody) {
    this.total = (int) Math.min(Integer.MAX_VALUE, kb(budgetBytes));
    this.kilobytes = new Semaphore(total);
    this.largest = largestBody;
  }

  /** Runs {@code work}, which reads a body of {@code declared} bytes (-1: not said), in budget. */
  <T> T hold(long declared, Supplier<T> work) {
    int need = (int) Math.min(total, kb(declared < 0 ? largest : Math.min(declared, largest)));
    if (!kilobytes.tryAcquire(need)) {
      throw new ApiError(503, "busy", "the server is receiving too many pictures; try again");
    }
    try {
      return work.get();
    } finally {
      kilobytes.release(need);
    }
  }

  /** Bytes of bodies held now (to the kilobyte). */
  long heldBytes() {
    return (long) (total - kilobytes.availablePermits()) * 1024;
  }

  private static long kb(long bytes) {
    return Math.max(1, (bytes + 1023) / 1024);
  }
}
