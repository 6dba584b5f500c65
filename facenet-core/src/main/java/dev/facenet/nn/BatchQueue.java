package dev.facenet.nn;

import dev.facenet.common.FaceNetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Dynamic batching in front of one network, the way DJL Serving and Triton batch requests: any
 * number of threads hand in items (face chips, say), one worker thread takes up to {@code maxBatch}
 * of them at a time and runs them through the network in one call, and each caller gets back its
 * own results. A network does several times more work per second on a batch of 32 than on one
 * picture at a time, so eight threads that each recognise one face get close to the batch figure
 * instead of competing for the cores one picture each.
 *
 * <p>The worker does not wait when a single caller uses it (no added latency); when the last batch
 * held items of several callers, it waits up to {@code maxWait} for as many callers to hand in
 * their next items before it starts. The queue holds at most {@code capacity} items: callers beyond
 * that wait for room, so memory stays bounded however many threads call. Results do not depend on
 * how items were grouped as long as the network computes each item of a batch independently of the
 * others (true of inference with fixed batch-norm statistics; the tests check it bit for bit).
 *
 * <p>Thread-safe. {@link #close()} stops the worker; calls waiting then fail with {@link
 * IllegalStateException}.
 *
 * @param <I> what one item is (a chip)
 * @param <O> what the network gives for one item (its encoding)
 */
public final class BatchQueue<I, O> implements AutoCloseable {
  /**
   * How long a batch that serves several callers waits for their next items, unless a network says
   * otherwise.
   */
  public static final Duration DEFAULT_WAIT = Duration.ofMillis(5);

  private final String name;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Function<List<I>, List<O>> network;
  private final BlockingQueue<Piece<I, O>> queue;
  private final Thread worker;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param name what the network is, for the worker thread's name and messages
   * @param maxBatch most items per network call
   * @param maxWait longest wait for more callers once a batch has started to fill
   * @param capacity most items waiting at once
   * @param network runs one batch: as many results as items, in their order
   */
  public BatchQueue(
      String name,
      int maxBatch,
      Duration maxWait,
      int capacity,
      Function<List<I>, List<O>> network) {
    if (maxBatch < 1 || capacity < maxBatch) {
      throw new IllegalArgumentException(
          "need 1 <= maxBatch <= capacity, got " + maxBatch + " and " + capacity);
    }
    this.name = name;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.network = network;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, "facenet-batch-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Runs the items through the network (with other callers' items) and returns their results in
   * order.
   */
  public List<O> run(List<I> in) {
    if (in.isEmpty()) {
      return List.of();
    }
    Call<O> call = new Call<>(in.size());
    try {
      for (int i = 0; i < in.size(); i++) {
        Piece<I, O> piece = new Piece<>(call, i, in.get(i));
        while (!queue.offer(piece, 100, TimeUnit.MILLISECONDS)) {
          checkOpen();
        }
      }
      checkOpen();
      call.done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceNetException("interrupted while waiting for " + name, e);
    }
    if (call.failure != null) {
      if (call.failure instanceof RuntimeException r) {
        throw r;
      }
      if (call.failure instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(name + " failed", call.failure);
    }
    return call.results();
  }

  /** Items waiting for the worker now. */
  public int depth() {
    return queue.size();
  }

  /** Network calls made so far. */
  public long batches() {
    return batches.get();
  }

  /** Items run so far; {@code items() / batches()} is the mean batch size. */
  public long items() {
    return items.get();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  private void work() {
    int lastCallers = 1;
    List<Piece<I, O>> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      batch.clear();
      try {
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
        if (lastCallers > 1) {
          long deadline = System.nanoTime() + maxWaitNanos;
          while (batch.size() < maxBatch && callers(batch) < lastCallers) {
            long left = deadline - System.nanoTime();
            Piece<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
              break;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
          }
        }
      } catch (InterruptedException e) {
        break; // closing
      }
      lastCallers = callers(batch);
      runBatch(batch);
      batch.clear();
    }
    failWaiting(batch); // taken from the queue but not run: closing
  }

  private static <I, O> int callers(List<Piece<I, O>> batch) {
    Map<Call<O>, Boolean> distinct = new IdentityHashMap<>();
    for (Piece<I, O> p : batch) {
      distinct.put(p.call, Boolean.TRUE);
    }
    return distinct.size();
  }

  private void runBatch(List<Piece<I, O>> batch) {
    List<O> out;
    try {
      out = network.apply(batch.stream().map(Piece::item).toList());
      if (out.size() != batch.size()) {
        throw new IllegalStateException(
            name + " gave " + out.size() + " results for " + batch.size() + " items");
      }
    } catch (RuntimeException | Error e) {
      for (Piece<I, O> p : batch) {
        p.call.fail(e);
      }
      return;
    }
    batches.incrementAndGet();
    items.addAndGet(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Piece<I, O> p = batch.get(i);
      p.call.deliver(p.index, out.get(i));
    }
  }

  private void failWaiting(List<Piece<I, O>> taken) {
    IllegalStateException closedError = new IllegalStateException(name + " is closed");
    List<Piece<I, O>> rest = new ArrayList<>(taken);
    queue.drainTo(rest);
    for (Piece<I, O> p : rest) {
      p.call.fail(closedError);
    }
  }

  /** Stops the worker once its current batch is done; items still waiting fail. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failWaiting(List.of());
  }

  /**
   * One caller's request: its results fill in as batches finish, and it is released when all are
   * in.
   */
  private static final class Call<O> {
    final Object[] results;
    final CountDownLatch done;
    volatile Throwable failure;

    Call(int size) {
      results = new Object[size];
      done = new CountDownLatch(size);
    }

    @SuppressWarnings("unchecked") // filled by deliver(), which takes only O
    List<O> results() {
      return (List<O>) List.of(results);
    }

    synchronized void deliver(int index, O result) {
      results[index] = result;
      done.countDown();
    }

    /** Releases the caller with the error, unless all its results are already in. */
    synchronized void fail(Throwable e) {
      if (done.getCount() == 0) {
        return;
      }
      failure = e;
      while (done.getCount() > 0) {
        done.countDown();
      }
    }
  }

  private record Piece<I, O>(Call<O> call, int index, I item) {}
}
