package dev.facenet.evaluate;

/**
 * Told how far a long job has got, so a command line can draw a progress bar. Called from the
 * working thread.
 */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} items are finished. */
  void update(int done, int total);

  /** A listener that ignores everything. */
  static Progress none() {
    return (done, total) -> {};
  }
}
