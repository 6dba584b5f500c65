package dev.facenet.train;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT/SIGTERM into a polite stop request. The JVM runs its shutdown hooks and then exits
 * while other threads are still running; if PyTorch is in the middle of a step at that moment, the
 * process dies natively. While a guard is open, its hook calls {@code onShutdown} (e.g. {@link
 * TripletTrainer#requestStop()}) and then holds the shutdown until the guard is closed (the run has
 * stopped at a safe point and released its native memory), at most {@code grace}. Closing the guard
 * on a normal end removes the hook.
 */
public final class ShutdownGuard implements AutoCloseable {
  private final CountDownLatch released = new CountDownLatch(1);
  private final Thread hook;

  private ShutdownGuard(Runnable onShutdown, Duration grace) {
    hook =
        new Thread(
            () -> {
              onShutdown.run();
              try {
                released.await(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "facenet-stop-on-shutdown");
  }

  /** Installs the hook; close the guard (try-with-resources) once the guarded work is over. */
  public static ShutdownGuard install(Runnable onShutdown, Duration grace) {
    ShutdownGuard g = new ShutdownGuard(onShutdown, grace);
    Runtime.getRuntime().addShutdownHook(g.hook);
    return g;
  }

  /** Lets a waiting shutdown go on, or, when none started, removes the hook. */
  @Override
  public void close() {
    released.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running (or has run): it was just released
    }
  }
}
