package dev.facenet.common;

import java.util.List;

/**
 * What a look through a gallery found ({@code facenet check}): its problems, each with whether
 * {@code --repair} can remove it, and notes that are not problems (what it holds, the state of its
 * search indexes). A repair answers with the problems it removed.
 *
 * @param problems what is wrong, in the order found
 * @param notes what the gallery holds and how its indexes stand
 */
public record GalleryCheck(List<Problem> problems, List<String> notes) {
  public GalleryCheck {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** Whether nothing is wrong. */
  public boolean clean() {
    return problems.isEmpty();
  }

  /** The kinds of problem a gallery can have. */
  public enum Kind {
    /** The database's own check failed: only a backup (an export) mends that. */
    INTEGRITY(false),
    /** An encoding whose vector is cut short, of the wrong length, or holds a value not finite. */
    DAMAGED_ENCODING(true),
    /** An encoding of a person who is no longer there. */
    ORPHAN_ENCODING(true),
    /** A person without a single encoding: nothing to recognise them by. */
    EMPTY_PERSON(true),
    /**
     * Two people whose names differ only in case, from before names ignored it: the later one is
     * found only by its exact spelling until one of them is renamed.
     */
    NAME_CLASH(false);

    private final boolean repairable;

    Kind(boolean repairable) {
      this.repairable = repairable;
    }

    /** Whether {@code --repair} removes it (by deleting the row). */
    public boolean repairable() {
      return repairable;
    }
  }

  /**
   * One problem.
   *
   * @param kind what sort it is
   * @param what one line that says which row and what is wrong with it
   */
  public record Problem(Kind kind, String what) {}
}
