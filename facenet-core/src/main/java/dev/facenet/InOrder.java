package dev.facenet;

import dev.facenet.common.FaceNetException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one task per input on a few worker threads and hands the results to a sink in input order,
 * each as soon as it and every one before it are done. It exists so that bulk recognition and bulk
 * enrolment share one way of overlapping a picture's decoding and detection with the encoding of
 * other pictures' faces (the encoder's queue batches concurrent calls), while memory stays bounded:
 * at most {@code workers} tasks run at once (each may hold a decoded picture of up to 24 MP), and
 * at most a small window of finished results wait for a slower earlier one.
 *
 * <p>Holds no state: each call makes its own pool and ends it, running tasks included, before
 * returning, so calls from several threads do not interfere. The sink is called on the calling
 * thread only, never concurrently. A task that throws stops the run: the others are cancelled and
 * its exception is rethrown; tasks that must not stop the others catch their own failures.
 */
final class InOrder {
  /** How many finished-or-queued tasks may wait per worker: slack for one slow picture. */
  private static final int WINDOW_PER_WORKER = 4;

  private InOrder() {}

  /**
   * Workers for this machine: one per core, at least two (so decoding overlaps encoding even on one
   * core) and at most four (the encoder is one network; more pictures in memory buy nothing).
   */
  static int defaultWorkers() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  static <T, R> void run(
      List<T> inputs,
      int workers,
      Function<? super T, ? extends R> task,
      Consumer<? super R> sink) {
    if (workers < 1) {
      throw new FaceNetException("the number of workers must be at least 1, got " + workers);
    }
    if (inputs.isEmpty()) {
      return;
    }
    int threads = Math.min(workers, inputs.size());
    int window = threads * WINDOW_PER_WORKER;
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    ArrayDeque<Future<? extends R>> pending = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < inputs.size() && pending.size() < window) {
        T input = inputs.get(next++);
        pending.add(pool.submit(() -> task.apply(input)));
      }
      while (!pending.isEmpty()) {
        R result = await(pending.poll());
        if (next < inputs.size()) {
          T input = inputs.get(next++);
          pending.add(pool.submit(() -> task.apply(input)));
        }
        sink.accept(result);
      }
    } finally {
      stop(pool);
    }
  }

  /**
   * Ends the pool before the call returns: after a failure the queued tasks never start and the
   * running ones are interrupted and waited for, so that no task of this run still uses the
   * networks when the caller goes on (and perhaps closes them).
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting; the flag is restored below
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static <R> R await(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new FaceNetException(String.valueOf(cause), cause);
    }
  }

  /** Daemon threads, so an abandoned run never keeps the JVM alive. */
  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "facenet-bulk-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
