package dev.facenet.cli;

import dev.facenet.evaluate.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place, with the speed so far. Drawn only when
 * stderr is a terminal (or when asked), so logs and captured output stay clean.
 */
final class ProgressBar implements Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final String what;
  private final boolean enabled;
  private long start;
  private long lastDraw;
  private boolean shown;

  ProgressBar(PrintWriter err, String what, boolean enabled) {
    this.err = err;
    this.what = what;
    this.enabled = enabled;
  }

  /** A bar that draws only when the process has a terminal. */
  static ProgressBar onTerminal(PrintWriter err, String what) {
    return new ProgressBar(err, what, System.console() != null);
  }

  /**
   * Wipes the bar from its line, so that a line printed next (stdout on the same terminal) is not
   * drawn over it; the next {@link #update} draws it again.
   */
  void clear() {
    if (shown) {
      shown = false;
      err.print("\r" + " ".repeat(what.length() + WIDTH + 30) + "\r");
      err.flush();
    }
  }

  @Override
  public void update(int done, int total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (done == 0) {
      start = now;
    }
    if (done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    double seconds = (now - start) / 1e9;
    String speed =
        seconds > 0 && done > 0 ? String.format(Locale.ROOT, "  %.1f/s", done / seconds) : "";
    err.print(
        "\r"
            + what
            + " ["
            + "#".repeat(filled)
            + ".".repeat(WIDTH - filled)
            + "] "
            + done
            + "/"
            + total
            + speed
            + "   ");
    shown = done < total;
    if (done >= total) {
      err.println();
    }
    err.flush();
  }
}
