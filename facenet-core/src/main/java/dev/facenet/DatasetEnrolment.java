package dev.facenet;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link FaceNet#enrollDataset} did: how many people and pictures it stored, how many pictures
 * it left alone because the gallery already held them (a resumed or repeated run), every file it
 * refused with the reason, and pictures it stored but that look like a mistake, all sorted by path.
 *
 * @param people how many people got encodings in this run
 * @param pictures how many encodings this run stored
 * @param alreadyEnrolled pictures skipped because the gallery already held them for the same
 *     person, model and crop
 * @param refused files not enrolled, with the reason (not a picture, unreadable, no face, ...)
 * @param warnings pictures stored all the same, with what looks wrong about them
 */
public record DatasetEnrolment(
    int people,
    int pictures,
    int alreadyEnrolled,
    List<DatasetFolder.Skipped> refused,
    List<Warning> warnings) {
  public DatasetEnrolment {
    refused = List.copyOf(refused);
    warnings = List.copyOf(warnings);
  }

  /**
   * A picture that was enrolled but deserves a look, such as the same file content in two people's
   * folders (one of them is probably misfiled).
   */
  public record Warning(Path file, String message) {}
}
