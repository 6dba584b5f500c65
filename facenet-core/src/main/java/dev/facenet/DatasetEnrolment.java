package dev.facenet;

import java.util.List;

/**
 * What {@link FaceNet#enrollDataset} stored: how many people and pictures, and every file it left
 * out with the reason, sorted by path.
 */
public record DatasetEnrolment(int people, int pictures, List<DatasetFolder.Skipped> skipped) {
  public DatasetEnrolment {
    skipped = List.copyOf(skipped);
  }
}
