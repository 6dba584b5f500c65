package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;

/**
 * A run that stopped on request ({@link TripletTrainer#requestStop()}, or SIGINT/SIGTERM through a
 * {@link ShutdownGuard}) before its last epoch. Nothing of the unfinished epoch was written; the
 * message says which checkpoint is intact and how to go on, in one line.
 */
public final class TrainingStopped extends FaceNetException {
  private final int epoch;
  private final int lastCheckpoint;

  private TrainingStopped(String message, int epoch, int lastCheckpoint) {
    super(message);
    this.epoch = epoch;
    this.lastCheckpoint = lastCheckpoint;
  }

  /**
   * Stopped while {@code epoch} was running; {@code lastCheckpoint} (0: none) is in {@code out}.
   */
  static TrainingStopped during(int epoch, int lastCheckpoint, Path out) {
    return new TrainingStopped(
        lastCheckpoint > 0
            ? "interrupted during epoch "
                + epoch
                + "; the checkpoint after epoch "
                + lastCheckpoint
                + " in "
                + out
                + " is intact: continue with --resume"
            : "interrupted during epoch "
                + epoch
                + "; "
                + out
                + " holds no checkpoint yet: start the run again",
        epoch,
        lastCheckpoint);
  }

  /**
   * Stopped while the training chips were cut, before anything was trained; the {@code cut} chips
   * cut so far were saved in {@code chipCache} (when none was cut, nothing was written).
   */
  static TrainingStopped beforeTraining(Path out, int cut, Path chipCache) {
    return new TrainingStopped(
        "interrupted while cutting the training chips, before training; "
            + (cut == 0
                ? "nothing in " + out + " was changed"
                : "the "
                    + cut
                    + " chip"
                    + (cut == 1 ? "" : "s")
                    + " cut so far are kept in "
                    + chipCache
                    + " for the next run"),
        0,
        -1);
  }

  /** The epoch that was running (and is not saved); 0 when the run stopped before training. */
  public int epoch() {
    return epoch;
  }

  /**
   * The epoch the checkpoint in the output folder holds (0: no checkpoint; -1: not looked at, see
   * {@link #epoch()} 0).
   */
  public int lastCheckpoint() {
    return lastCheckpoint;
  }
}
