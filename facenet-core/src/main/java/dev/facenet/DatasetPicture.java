package dev.facenet;

import java.nio.file.Path;

/**
 * What bulk enrolment ({@link FaceNet#enrollDataset}) did with one picture of a dataset, handed to
 * its listener picture by picture in the dataset's order as the run goes on. It exists so that a
 * progress display counts every picture, also those a resumed run never encodes.
 *
 * @param name the person the picture belongs to (its folder)
 * @param reason why it was refused; null otherwise
 */
public record DatasetPicture(String name, Path image, Outcome outcome, String reason) {

  /** The three things that can happen to a picture. */
  public enum Outcome {
    /**
     * Encoded, and stored with its batch (a batch is committed whole, at the latest at the end).
     */
    ENCODED,
    /** Not read again: the gallery already holds it for this person, model and crop. */
    ALREADY_ENROLLED,
    /** Not enrolled: unreadable, no face, several faces, a copy of an earlier picture... */
    REFUSED
  }
}
