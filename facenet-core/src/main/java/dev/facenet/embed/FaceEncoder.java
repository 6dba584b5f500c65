package dev.facenet.embed;

import dev.facenet.align.FaceAligner;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A network that turns face pictures (already cut out of their photos) into fixed-length encodings.
 * Each implementation knows its own input preparation and weights; callers only hand it pictures.
 * Implementations are thread-safe for {@link #encode(List)}.
 */
public interface FaceEncoder extends AutoCloseable {

  /**
   * The model's id as stored in the gallery and given to {@code --model}: {@code resnet}, {@code
   * nn4-small2}.
   */
  String name();

  /** Side of the square input the network sees, in pixels. */
  int inputSize();

  /**
   * How a face is cut out of a photo for this network, the framing its weights were trained on
   * (each network declares it once, and its trainer uses the same). Its name is the crop stored
   * with every encoding.
   */
  FaceAligner aligner();

  /** Length of an encoding. */
  int dimension();

  /** Encodes a batch of face pictures; row i is the encoding of picture i. */
  float[][] encode(List<BufferedImage> faces);

  /** Encodes one face picture. */
  default float[] encode(BufferedImage face) {
    return encode(List.of(face))[0];
  }

  /**
   * Something the user should know about these weights, e.g. that nn4.small2 started from a random
   * initialisation because no weights were given; empty when all is as expected.
   */
  default java.util.Optional<String> warning() {
    return java.util.Optional.empty();
  }

  /**
   * Starts whatever loading the encoder still needs and returns at once, so that it overlaps other
   * work (the face search); encoders that are ready do nothing.
   */
  default void prepare() {}

  /** Frees the network's native memory. */
  @Override
  void close();
}
