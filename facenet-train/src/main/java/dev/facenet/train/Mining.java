package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.util.Locale;

/** How triplets are chosen inside a batch ({@code --mining}). */
public enum Mining {
  /** FaceNet's choice: for every anchor-positive pair, a negative farther than the positive but within the margin. */
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
  public String id() {
    return id;
  }

  public static Mining parse(String s) {
    String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Mining m : values()) {
      if (m.id.equals(n)) {
        return m;
      }
    }
    throw new FaceNetException("unknown mining '" + s + "' (semi-hard, batch-hard or all)");
  }
}
