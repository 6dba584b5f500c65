package dev.facenet.evaluate;

import dev.facenet.common.Embedding;

/**
 * The encoding of one picture of an evaluation and whether a face was really found in it; when none
 * was, the encoding is the pipeline's best guess (the one recognize would use) and the picture is
 * counted.
 */
public record EncodedPicture(Embedding embedding, boolean faceFound) {}
