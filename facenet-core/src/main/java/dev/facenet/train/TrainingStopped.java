package dev.facenet.train;

import dev.facenet.FaceNetException;
import java.nio.file.Path;

/**
 * A run that stopped on request ({@link TripletTrainer#requestStop()}, or SIGINT/SIGTERM through a
 * {@link ShutdownGuard}) before its last epoch. Nothing of the unfinished epoch was written; the message says
 * which checkpoint is intact and how to go on, in one line.
 */
public final class TrainingStopped extends FaceNetException {
  private final int epoch;
  private final int lastCheckpoint;

  TrainingStopped(int epoch, int lastCheckpoint, Path out) {
    super(lastCheckpoint > 0
        ? "interrupted during epoch " + epoch + "; the checkpoint after epoch " + lastCheckpoint + " in " + out
            + " is intact: continue with --resume"
        : "interrupted during epoch " + epoch + "; " + out + " holds no checkpoint yet: start the run again");
    this.epoch = epoch;
    this.lastCheckpoint = lastCheckpoint;
  }

  /** The epoch that was running (and is not saved). */
  public int epoch() {
    return epoch;
  }

  /** The epoch the checkpoint in the output folder holds (0: no checkpoint). */
  public int lastCheckpoint() {
    return lastCheckpoint;
  }
}
