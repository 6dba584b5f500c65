package dev.facenet.train;

/**
 * What one epoch gave: mean loss per selected triplet, the share of the batches' valid triplets
 * that were still active, held-out verification accuracy and its best threshold (NaN when there is
 * no held-out set), wall time and training pictures per second. Epoch 0 is the network before any
 * training.
 */
public record EpochResult(
    int epoch,
    double loss,
    double activeShare,
    double accuracy,
    double threshold,
    double seconds,
    double picturesPerSecond) {}
