package dev.facenet.train;

/**
 * What one optimisation step on one batch measured.
 *
 * @param tripletLoss mean triplet loss per selected triplet (NaN when no triplet was selected)
 * @param activeShare the share of the batch's valid triplets that still had a loss
 * @param teacherDistance mean squared distance to the teacher's encodings (NaN without a teacher)
 */
record StepResult(float tripletLoss, float activeShare, float teacherDistance) {}
