package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bounded queue: work beyond the running and waiting places is refused at once with a 503, and
 * a waiting request runs when a place frees.
 */
class TurnsTest {

  @Test
  void beyondTheWaitingPlacesARequestIsRefusedAtOnce() throws Exception {
    Turns turns = new Turns(1, 1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first =
        new Thread(
            () ->
                turns.run(
                    () -> {
                      running.countDown();
                      await(release);
                      return 1;
                    }));
    first.start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    AtomicReference<Integer> waited = new AtomicReference<>();
    Thread second = new Thread(() -> waited.set(turns.run(() -> 2)));
    second.start();
    while (turns.queued() == 0) {
      Thread.sleep(2); // until the second request holds the one waiting place
    }

    assertThatThrownBy(() -> turns.run(() -> 3))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status).isEqualTo(503))
        .hasMessageContaining("busy");

    release.countDown();
    first.join(10_000);
    second.join(10_000);
    assertThat(waited.get()).isEqualTo(2);
    assertThat(turns.queued()).isZero();
    assertThat(turns.run(() -> 4)).isEqualTo(4); // places are given back, failures included
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
