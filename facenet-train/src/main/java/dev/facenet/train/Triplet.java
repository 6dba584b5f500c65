package dev.facenet.train;

/** Indices, within a batch, of an anchor, a picture of the same person and one of someone else. */
public record Triplet(int anchor, int positive, int negative) {}
