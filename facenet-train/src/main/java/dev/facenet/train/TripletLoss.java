package dev.facenet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The seed's triplet loss as a DJL {@link Loss}: the sum over the batch of {@code max(||a - p||^2 -
 * ||a - n||^2 + alpha, 0)} (alpha: {@code --margin}, by default {@link
 * TrainingOptions#DEFAULT_MARGIN}). It pulls each anchor towards the positive (same person) and
 * pushes it from the negative (another person) until the negative is farther by at least the margin
 * alpha (in squared Euclidean distance).
 *
 * <p>How predictions are passed to {@link #evaluate}: either three arrays {@code (anchor, positive,
 * negative)}, each (m, d) with row i of each forming triplet i; or one array of 3m rows holding the
 * m anchors, then the m positives, then the m negatives (what a network's forward pass gives when
 * the batch was stacked that way, as DJL's trainer hands it over). Labels are not used and may be
 * null.
 */
public final class TripletLoss extends Loss {
  private final float alpha;

  public TripletLoss(float alpha) {
    super("TripletLoss");
    if (!(alpha >= 0) || Float.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "the margin alpha must be a finite number >= 0, got " + alpha);
    }
    this.alpha = alpha;
  }

  /** The loss of the batch, a scalar: the sum of {@link #perTriplet} over the triplets. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return perTriplet(predictions).sum();
  }

  /** {@code max(||a - p||^2 - ||a - n||^2 + alpha, 0)} for each triplet, shape (m). */
  public NDArray perTriplet(NDList predictions) {
    NDArray[] apn = split(predictions);
    NDArray positive = squaredDistance(apn[0], apn[1]);
    NDArray negative = squaredDistance(apn[0], apn[2]);
    return positive.sub(negative).add(alpha).maximum(0f);
  }

  /**
   * Squared Euclidean distance of the rows of {@code x} and {@code y}, summed over every axis but
   * the first.
   */
  private static NDArray squaredDistance(NDArray x, NDArray y) {
    NDArray d = x.sub(y).square();
    int rank = d.getShape().dimension();
    if (rank == 1) {
      throw new IllegalArgumentException(
          "triplet loss needs encodings of shape (m, d), got " + x.getShape());
    }
    int[] axes = new int[rank - 1];
    for (int i = 1; i < rank; i++) {
      axes[i - 1] = i;
    }
    return d.sum(axes);
  }

  private static NDArray[] split(NDList predictions) {
    if (predictions == null) {
      throw new IllegalArgumentException("triplet loss needs predictions");
    }
    NDArray[] apn;
    if (predictions.size() == 3) {
      apn = new NDArray[] {predictions.get(0), predictions.get(1), predictions.get(2)};
    } else if (predictions.size() == 1) {
      NDArray all = predictions.singletonOrThrow();
      long rows = all.getShape().get(0);
      if (rows % 3 != 0) {
        throw new IllegalArgumentException(
            "triplet loss on one array needs 3m rows (anchors, positives, negatives),"
                + " got "
                + rows);
      }
      NDList parts = all.split(3, 0);
      apn = new NDArray[] {parts.get(0), parts.get(1), parts.get(2)};
    } else {
      throw new IllegalArgumentException(
          "triplet loss takes (anchor, positive, negative) or one stacked array, got "
              + predictions.size()
              + " arrays");
    }
    if (!apn[0].getShape().equals(apn[1].getShape())
        || !apn[0].getShape().equals(apn[2].getShape())) {
      throw new IllegalArgumentException(
          "anchor, positive and negative shapes differ: "
              + apn[0].getShape()
              + ", "
              + apn[1].getShape()
              + ", "
              + apn[2].getShape());
    }
    return apn;
  }
}
