package dev.facenet;

/**
 * The answer to "is this picture person X?": the distance from the picture's encoding to X's
 * nearest stored encoding, the threshold it was judged against, and whether it is under it (the
 * seed's "Matched").
 */
public record Verification(String name, double distance, boolean match, double threshold) {}
