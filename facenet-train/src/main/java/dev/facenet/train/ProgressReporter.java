package dev.facenet.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The lines a run prints while it works (stderr for the CLI): the chips, the teacher's targets, a
 * resume, the untrained figure, a progress line that a terminal redraws batch by batch, and one
 * line per epoch.
 */
final class ProgressReporter {
  private final PrintStream out;
  private final boolean teacher;

  /**
   * @param teacher whether the run has a teacher (its distance is then shown)
   */
  ProgressReporter(PrintStream out, boolean teacher) {
    this.out = out;
    this.teacher = teacher;
  }

  /** The seconds since {@code t0} ({@link System#nanoTime()}). */
  static double since(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  void chips(ChipSet all, ChipCache cache, long t0) {
    out.printf(
        Locale.ROOT,
        "chips (%s): %d read from %s, %d cut, in %.1f s%n",
        all.crop(),
        cache.hits(),
        cache.file(),
        cache.cuts(),
        since(t0));
  }

  void teacher(Teacher t, ChipSet chips, ChipCache cache, long t0) {
    out.printf(
        Locale.ROOT,
        "teacher (%s, weight %s): %d training pictures encoded (%d chips read from %s, %d cut) in %.1f s%n",
        t.model(),
        t.weight(),
        chips.chipCount(),
        cache.hits(),
        cache.file(),
        cache.cuts(),
        since(t0));
  }

  void resuming(int epoch, Path dir) {
    out.printf(Locale.ROOT, "resuming after epoch %d of %s%n", epoch, dir);
  }

  void untrained(HeldOutPairs.Result r, int heldOutPeople) {
    out.printf(
        Locale.ROOT,
        "untrained: held-out accuracy %s (threshold %s, %d pairs of %d people)%n",
        pct(r.accuracy()),
        num(r.threshold()),
        r.pairs(),
        heldOutPeople);
  }

  /**
   * Redraws the progress line after batch {@code b} (0-based) of {@code batches}; only on a
   * terminal.
   */
  void batch(int epoch, int epochs, int b, int batches, EpochTotals totals, double seconds) {
    if (System.console() != null) {
      out.printf(
          Locale.ROOT,
          "\repoch %d/%d  batch %d/%d  loss %s  active %s%s  %.1f pictures/s   ",
          epoch,
          epochs,
          b + 1,
          batches,
          num(totals.loss()),
          pct(totals.activeShare()),
          teacherTerm(totals),
          totals.pictures() / seconds);
    }
  }

  void epoch(EpochResult er, int epochs, EpochTotals totals) {
    out.printf(
        Locale.ROOT,
        "%sepoch %d/%d  loss %s  active %s%s  held-out %s (threshold %s)  %.1f pictures/s%n",
        System.console() != null ? "\r" : "",
        er.epoch(),
        epochs,
        num(er.loss()),
        pct(er.activeShare()),
        teacherTerm(totals),
        pct(er.accuracy()),
        num(er.threshold()),
        er.picturesPerSecond());
  }

  /** Ends the progress line a terminal shows, before the run stops. */
  void stopped() {
    if (System.console() != null) {
      out.println();
    }
  }

  /**
   * " to teacher 0.1234" (the mean squared distance to the teacher's encodings over the epoch), or
   * nothing.
   */
  private String teacherTerm(EpochTotals totals) {
    return teacher ? "  to teacher " + num(totals.teacherDistance()) : "";
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "-";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }
}
