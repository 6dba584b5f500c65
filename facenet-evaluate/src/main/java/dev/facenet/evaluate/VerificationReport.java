package dev.facenet.evaluate;

import java.nio.file.Path;
import java.util.List;

/**
 * The verification figures of one evaluation: k-fold accuracy (mean, standard deviation, mean
 * threshold), and, over all pairs together, the ROC curve with its AUC, EER and TAR at fixed FARs;
 * plus how many pairs there were, the pictures in which no face was found, and the errors by face
 * quality ({@code quality}: null in whole-image mode, where no quality is measured).
 */
public record VerificationReport(
    KFold.Result kfold, Roc roc, int pairs, List<Path> noFace, QualityBands quality) {
  public VerificationReport {
    noFace = List.copyOf(noFace);
  }

  public double accuracy() {
    return kfold.mean();
  }

  public double std() {
    return kfold.std();
  }

  /** The mean of the thresholds chosen fold by fold: the threshold to use. */
  public double threshold() {
    return kfold.meanThreshold();
  }

  public double auc() {
    return roc.auc();
  }

  public double eer() {
    return roc.eer();
  }

  public double tarAtFar(double far) {
    return roc.tarAtFar(far);
  }
}
