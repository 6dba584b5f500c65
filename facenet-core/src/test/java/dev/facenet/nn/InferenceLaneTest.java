package dev.facenet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.FaceNetException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An interrupted caller must not return while its work runs on the lane: the work uses weights the
 * caller's read lock keeps alive, and returning early let a closing network free them mid-inference
 * (a crash inside PyTorch).
 */
class InferenceLaneTest {

  @Test
  void anInterruptedCallerWaitsForItsRunningWorkThenSaysItWasInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean workEnded = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    AtomicBoolean endedBeforeReturn = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                InferenceLane.call(
                    () -> {
                      started.countDown();
                      release.await();
                      workEnded.set(true);
                      return 1;
                    });
              } catch (Throwable t) {
                thrown.set(t);
              }
              endedBeforeReturn.set(workEnded.get());
              flagAfter.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(300);
    assertThat(caller.isAlive()).as("caller still waits for its running work").isTrue();
    caller.interrupt(); // a second interrupt changes nothing
    caller.join(100);
    assertThat(caller.isAlive()).isTrue();

    release.countDown();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(endedBeforeReturn).isTrue();
    assertThat(thrown.get())
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("interrupted");
    assertThat(flagAfter).as("the interrupt is kept for the caller's caller").isTrue();
  }

  @Test
  void workNotYetStartedIsDroppedWhenItsCallerGivesUp() throws Exception {
    CountDownLatch blockerStarted = new CountDownLatch(1);
    CountDownLatch releaseBlocker = new CountDownLatch(1);
    Thread blocker =
        new Thread(
            () ->
                InferenceLane.call(
                    () -> {
                      blockerStarted.countDown();
                      releaseBlocker.await();
                      return 0;
                    }));
    blocker.start();
    assertThat(blockerStarted.await(10, TimeUnit.SECONDS)).isTrue();

    AtomicBoolean droppedRan = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread giver =
        new Thread(
            () -> {
              try {
                InferenceLane.call(
                    () -> {
                      droppedRan.set(true);
                      return 2;
                    });
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    giver.start();
    // the second call is queued behind the blocker; give it time to be submitted, then give up
    while (giver.getState() != Thread.State.WAITING && giver.isAlive()) {
      Thread.sleep(5);
    }
    giver.interrupt();
    giver.join(10_000);
    assertThat(giver.isAlive()).as("a caller whose work never started returns at once").isFalse();
    assertThat(thrown.get()).isInstanceOf(FaceNetException.class);

    releaseBlocker.countDown();
    blocker.join(10_000);
    // the lane runs in order, so a later call ending proves the dropped one had its turn and passed
    assertThat(InferenceLane.call(() -> 3)).isEqualTo(3);
    assertThat(droppedRan).as("work whose caller gave up before it started never runs").isFalse();
  }

  @Test
  void theWorksExceptionsReachTheCallerAsTheyAre() {
    IllegalArgumentException bad = new IllegalArgumentException("bad input");
    Throwable caught = null;
    try {
      InferenceLane.call(
          () -> {
            throw bad;
          });
    } catch (Throwable t) {
      caught = t;
    }
    assertThat(caught).isSameAs(bad);
  }
}
