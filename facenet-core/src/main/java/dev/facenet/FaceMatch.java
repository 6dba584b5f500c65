package dev.facenet;

import dev.facenet.common.Face;

/**
 * One face of a photo and who it is: what {@link FaceNet#recognizeAll} gives for each face it
 * finds.
 */
public record FaceMatch(Face face, Match match) {}
