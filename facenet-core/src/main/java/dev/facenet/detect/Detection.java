package dev.facenet.detect;

import dev.facenet.common.Box;

/** One face a detector found: where it is, and how sure the detector is (0..1). */
public record Detection(Box box, double score) {}
