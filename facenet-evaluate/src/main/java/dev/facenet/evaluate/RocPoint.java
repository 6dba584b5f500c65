package dev.facenet.evaluate;

/**
 * One operating point of a verifier: at this threshold (pairs with a distance under it are
 * accepted) a share {@code far} of the different-person pairs is falsely accepted and a share
 * {@code tar} of the same-person pairs is truly accepted.
 */
public record RocPoint(double threshold, double far, double tar) {}
