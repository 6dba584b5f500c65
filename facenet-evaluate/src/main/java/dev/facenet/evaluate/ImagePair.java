package dev.facenet.evaluate;

/**
 * Two pictures to compare, whether they show the same person, and the fold of the protocol they
 * belong to (0-based). {@code line} is where the pair was read from (1-based), 0 for pairs made in
 * memory.
 */
public record ImagePair(Picture first, Picture second, boolean same, int fold, int line) {}
