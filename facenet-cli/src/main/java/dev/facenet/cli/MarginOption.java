package dev.facenet.cli;

import dev.facenet.FaceNet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --margin M}: how far apart the two nearest people must be, when both are under the
 * threshold, for the commands that name faces to name the nearest rather than call it ambiguous.
 */
public final class MarginOption {

  @Option(
      names = "--margin",
      paramLabel = "M",
      converter = MarginOption.Margin.class,
      description =
          "Ambiguous (no name, both people given) when the two nearest people are both under the"
              + " threshold and less than M apart (default: "
              + FaceNet.DEFAULT_AMBIGUITY_MARGIN
              + "; 0 always names the nearest).")
  Double value;

  /** Reads a margin: a distance, 0 or more. */
  static final class Margin implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      double d = ThresholdOption.finite(text);
      if (!(d >= 0)) {
        throw new TypeConversionException(
            "'" + text + "' is not a margin (0 or a positive distance)");
      }
      return d;
    }
  }

  /** Sets the margin on {@code builder} when one was given; the facade's default otherwise. */
  FaceNet.Builder apply(FaceNet.Builder builder) {
    return value == null ? builder : builder.ambiguityMargin(value);
  }
}
