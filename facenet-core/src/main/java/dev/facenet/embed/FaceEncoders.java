package dev.facenet.embed;

import dev.facenet.common.FaceNetException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds encoders by name among the registered {@link FaceEncoderProvider}s. */
public final class FaceEncoders {
  /** The encoder used when none is named: face-api's pretrained ResNet. */
  public static final String DEFAULT = "resnet";

  private FaceEncoders() {}

  public static List<FaceEncoderProvider> providers() {
    return ServiceLoader.load(FaceEncoderProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  public static List<String> names() {
    return providers().stream().map(FaceEncoderProvider::name).sorted().toList();
  }

  public static FaceEncoderProvider provider(String name) {
    return providers().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new FaceNetException(
                    "unknown model '"
                        + name
                        + "' (known: "
                        + names().stream().collect(Collectors.joining(", "))
                        + ")"));
  }

  /**
   * How many values the encodings of the model named {@code name} have, or 0 when no registered
   * encoder has that name (an encoding made elsewhere, or by a newer facenet).
   */
  public static int dimensionOf(String name) {
    return Dimensions.BY_NAME.getOrDefault(name, 0);
  }

  /** The registered dimensions, looked up once: they are asked for at every read of encodings. */
  private static final class Dimensions {
    static final Map<String, Integer> BY_NAME =
        providers().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    FaceEncoderProvider::name, FaceEncoderProvider::dimension, (a, b) -> a));
  }

  public static FaceEncoder open(String name, EncoderOptions options) {
    return provider(name).open(options);
  }
}
