package dev.facenet.train;

import dev.facenet.common.Choice;
import dev.facenet.common.FaceNetException;

/** How triplets are chosen inside a batch ({@code --mining}). */
public enum Mining implements Choice {
  /**
   * FaceNet's choice: for every anchor-positive pair, a negative farther than the positive but
   * within the margin.
   */
  SEMI_HARD("semi-hard"),
  /** For every anchor, its farthest positive and its nearest negative. */
  BATCH_HARD("batch-hard"),
  /** Every valid (anchor, positive, negative) of the batch. */
  ALL("all");

  private final String id;

  Mining(String id) {
    this.id = id;
  }

  /** The name used on the command line. */
  @Override
  public String id() {
    return id;
  }

  public static Mining parse(String s) {
    return Choice.find(Mining.class, s)
        .orElseThrow(
            () ->
                new FaceNetException("unknown mining '" + s + "' (semi-hard, batch-hard or all)"));
  }
}
