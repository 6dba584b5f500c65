package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ordered pool hands results over in input order whatever order the tasks finish in, on the
 * caller's thread, never runs more tasks at once than it has workers, and stops at a failure with
 * none of its tasks still running.
 */
class InOrderTest {

  @Test
  void resultsComeInInputOrderOnTheCallersThread() {
    List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
    List<Integer> got = new ArrayList<>();
    Set<Thread> sinkThreads = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    InOrder.run(
        inputs,
        3,
        i -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(i % 7 == 0 ? 5 : 0); // some finish after later ones
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
          return i * 10;
        },
        r -> {
          sinkThreads.add(Thread.currentThread());
          got.add(r);
        });
    assertThat(got).containsExactlyElementsOf(inputs.stream().map(i -> i * 10).toList());
    assertThat(sinkThreads).containsExactly(Thread.currentThread());
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void aFailingTaskStopsTheRunWithItsException() {
    List<Integer> got = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    assertThatThrownBy(
            () ->
                InOrder.run(
                    IntStream.range(0, 1000).boxed().toList(),
                    2,
                    i -> {
                      started.incrementAndGet();
                      if (i == 3) {
                        throw new IllegalStateException("task 3");
                      }
                      return i;
                    },
                    got::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 3");
    assertThat(got).containsExactly(0, 1, 2);
    assertThat(started.get()).as("tasks started: bounded by the window").isLessThan(1000);
  }

  @Test
  void noTaskIsStillRunningWhenTheRunEndsWithAFailure() {
    AtomicInteger running = new AtomicInteger();
    assertThatThrownBy(
            () ->
                InOrder.run(
                    IntStream.range(0, 8).boxed().toList(),
                    2,
                    i -> {
                      running.incrementAndGet();
                      try {
                        if (i == 0) {
                          throw new IllegalStateException("task 0");
                        }
                        // a task that keeps working through the interrupt, as native inference does
                        long end = System.nanoTime() + 300_000_000L;
                        while (System.nanoTime() < end) {
                          Thread.onSpinWait();
                        }
                        return i;
                      } finally {
                        running.decrementAndGet();
                      }
                    },
                    i -> {}))
        .hasMessage("task 0");
    assertThat(running.get()).as("tasks of the run still running after it returned").isZero();
  }

  @Test
  void noInputsNoWork() {
    List<Integer> got = new ArrayList<>();
    InOrder.run(List.<Integer>of(), 2, i -> i, got::add);
    assertThat(got).isEmpty();
  }
}
