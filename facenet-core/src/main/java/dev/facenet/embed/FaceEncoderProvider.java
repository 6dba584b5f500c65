package dev.facenet.embed;

import dev.facenet.align.FaceAligner;

/**
 * Makes one kind of {@link FaceEncoder}. Providers are found with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.facenet.embed.FaceEncoderProvider), so adding a network is adding a class
 * and one line there, not editing a switch.
 */
public interface FaceEncoderProvider {
  /** The id given to {@code --model}. */
  String name();

  /**
   * How its encoders cut faces out of photos: known without loading weights, so the crop stored
   * with encodings (and the gallery's thresholds, kept per model and crop) need no network.
   */
  FaceAligner aligner();

  /**
   * How many values its encodings have, known without loading weights, so that encodings brought
   * from elsewhere (an import) can be checked before they are stored.
   */
  int dimension();

  /** One line for {@code --help}. */
  String description();

  FaceEncoder open(EncoderOptions options);
}
