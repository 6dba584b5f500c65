package dev.facenet.cli;

import dev.facenet.FaceNet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --threshold T}: the distance under which two faces are the same person, for the commands
 * that judge.
 */
public final class ThresholdOption {

  @Option(
      names = "--threshold",
      paramLabel = "T",
      converter = ThresholdOption.Distance.class,
      description =
          "The same person when the distance is under T (default: the threshold calibrated in the gallery "
              + "for the commands that use one, else "
              + FaceNet.DEFAULT_THRESHOLD
              + ", or "
              + FaceNet.DEFAULT_FLIP_THRESHOLD
              + " with --flip).")
  Double value;

  /**
   * Reads a distance as written, so that a number too large for a double ({@code 1e309}) is called
   * that rather than "Infinity", and other text is named as given.
   */
  static final class Distance implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      double d = finite(text);
      if (!(d > 0)) {
        throw new TypeConversionException("'" + text + "' is not a positive distance");
      }
      return d;
    }
  }

  /** A number as written, refused with its own words when it is not one or is too large. */
  static double finite(String text) {
    double d;
    try {
      d = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a number");
    }
    if (Double.isInfinite(d)) {
      throw new TypeConversionException("'" + text + "' is too large to be a distance");
    }
    return d;
  }

  /** Sets the threshold on {@code builder} when one was given; the facade's default otherwise. */
  FaceNet.Builder apply(FaceNet.Builder builder) {
    return value == null ? builder : builder.threshold(value);
  }
}
