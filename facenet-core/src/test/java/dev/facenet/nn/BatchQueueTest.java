package dev.facenet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

  @Test
  void everyCallerGetsItsOwnResultsInOrderWhileBatchesMixCallers() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    try (BatchQueue<Integer, String> q =
        new BatchQueue<>(
            "test",
            8,
            Duration.ofMillis(20),
            64,
            in -> {
              sizes.add(in.size());
              sleep(5); // a network call takes time: callers pile up meanwhile
              return in.stream().map(i -> "r" + i).toList();
            })) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<String>>> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          calls.add(
              pool.submit(
                  () -> {
                    List<String> got = new ArrayList<>();
                    for (int k = 0; k < 30; k++) {
                      int base = thread * 1000 + k * 10;
                      List<Integer> items =
                          k % 3 == 0 ? List.of(base, base + 1, base + 2) : List.of(base);
                      List<String> out = q.run(items);
                      assertThat(out)
                          .containsExactlyElementsOf(items.stream().map(i -> "r" + i).toList());
                      got.addAll(out);
                    }
                    return got;
                  }));
        }
        for (Future<List<String>> f : calls) {
          assertThat(f.get(60, TimeUnit.SECONDS)).hasSize(50);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(q.items()).isEqualTo(8 * 50);
      assertThat(sizes).allMatch(s -> s >= 1 && s <= 8);
      // With eight callers the worker batches: far fewer network calls than items.
      assertThat(q.batches()).isLessThan(8 * 50 / 2);
      assertThat(q.depth()).isZero();
    }
  }

  @Test
  void oneCallersItemsAreSplitIntoBatchesOfAtMostMaxBatch() {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    try (BatchQueue<Integer, Integer> q =
        new BatchQueue<>(
            "test",
            4,
            Duration.ofSeconds(5),
            16,
            in -> {
              sizes.add(in.size());
              return in.stream().map(i -> i * 2).toList();
            })) {
      List<Integer> in = IntStream.range(0, 10).boxed().toList();
      long start = System.nanoTime();
      assertThat(q.run(in)).containsExactlyElementsOf(in.stream().map(i -> i * 2).toList());
      // A single caller never waits out the 5 s: the queue only waits when several callers share
      // it.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      assertThat(sizes).allMatch(s -> s <= 4);
      assertThat(q.run(List.of())).isEmpty();
    }
  }

  @Test
  void aFailingBatchFailsItsCallersAndTheQueueGoesOn() {
    try (BatchQueue<Integer, Integer> q =
        new BatchQueue<>(
            "test net",
            4,
            Duration.ZERO,
            16,
            in -> {
              if (in.contains(-1)) {
                throw new IllegalArgumentException("bad item");
              }
              return in;
            })) {
      assertThatThrownBy(() -> q.run(List.of(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad item");
      assertThat(q.run(List.of(3, 4))).containsExactly(3, 4);
    }
  }

  @Test
  void closingReleasesWaitingCallersWithAClearError() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BatchQueue<Integer, Integer> q =
        new BatchQueue<>(
            "the test network",
            1,
            Duration.ZERO,
            16,
            in -> {
              inside.countDown();
              await(release);
              return in;
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Integer>> running = pool.submit(() -> q.run(List.of(1)));
      inside.await();
      Future<List<Integer>> waiting = pool.submit(() -> q.run(List.of(2)));
      while (q.depth() == 0) {
        Thread.sleep(1);
      }
      Thread closer = new Thread(q::close);
      closer.start();
      while (closer.getState() != Thread.State.WAITING
          && closer.isAlive()) { // in close(): closed already
        Thread.sleep(1);
      }
      release.countDown();
      closer.join();
      assertThat(running.get()).containsExactly(1); // the batch in progress finishes
      assertThatThrownBy(waiting::get)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the test network is closed");
      assertThatThrownBy(() -> q.run(List.of(3))).isInstanceOf(IllegalStateException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
