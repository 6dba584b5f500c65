package dev.facenet.embed;

import dev.facenet.common.FaceNetException;
import java.util.List;
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

  public static FaceEncoder open(String name, EncoderOptions options) {
    return provider(name).open(options);
  }
}
