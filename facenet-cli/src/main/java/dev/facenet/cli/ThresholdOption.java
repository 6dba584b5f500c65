package dev.facenet.cli;

import dev.facenet.FaceNet;
import picocli.CommandLine.Option;

/**
 * {@code --threshold T}: the distance under which two faces are the same person, for the commands
 * that judge.
 */
public final class ThresholdOption {

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "The same person when the distance is under T (default: the threshold calibrated in the gallery "
              + "for the commands that use one, else 0.6).")
  Double value;

  /** Sets the threshold on {@code builder} when one was given; the facade's default otherwise. */
  FaceNet.Builder apply(FaceNet.Builder builder) {
    return value == null ? builder : builder.threshold(value);
  }
}
