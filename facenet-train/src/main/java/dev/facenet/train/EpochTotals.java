package dev.facenet.train;

/** The running means of one epoch's steps, for the progress line and the epoch's result. */
final class EpochTotals {
  private double lossSum;
  private double activeSum;
  private double teacherSum;
  private int steps;
  private int lossSteps;
  private int pictures;

  /**
   * Counts a batch of {@code batchPictures} and, when a step was taken ({@code step} not null), its
   * figures.
   */
  void add(StepResult step, int batchPictures) {
    pictures += batchPictures;
    if (step == null) {
      return;
    }
    if (Float.isFinite(step.tripletLoss())) {
      lossSum += step.tripletLoss();
      lossSteps++;
    }
    activeSum += step.activeShare();
    teacherSum += step.teacherDistance();
    steps++;
  }

  /** Mean triplet loss over the steps that selected triplets (NaN when none did). */
  double loss() {
    return lossSteps == 0 ? Double.NaN : lossSum / lossSteps;
  }

  double activeShare() {
    return steps == 0 ? Double.NaN : activeSum / steps;
  }

  /** Mean squared distance to the teacher's encodings (NaN without a teacher or steps). */
  double teacherDistance() {
    return steps == 0 ? Double.NaN : teacherSum / steps;
  }

  int pictures() {
    return pictures;
  }
}
