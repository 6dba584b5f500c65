package dev.facenet;

import dev.facenet.embed.FaceEncoders;
import java.util.List;
import java.util.Objects;

/**
 * The name of an encoder ({@code --model}), e.g. {@code resnet} or {@code nn4-small2}: checked
 * against the encoders registered through {@link java.util.ServiceLoader} when it is made, so a
 * {@code ModelName} always names one that can be opened. A record and not an enum, because the
 * registry is open: adding an encoder is adding a provider class, not editing a list here.
 */
public record ModelName(String id) {
  /** face-api's pretrained ResNet, the encoder used when none is named. */
  public static final ModelName DEFAULT = new ModelName(FaceEncoders.DEFAULT);

  /** Refuses a name no encoder is registered under ("unknown model 'x' (known: ...)"). */
  public ModelName {
    FaceEncoders.provider(Objects.requireNonNull(id, "id"));
  }

  public static ModelName of(String id) {
    return new ModelName(id);
  }

  /** Every registered encoder's name, sorted. */
  public static List<ModelName> known() {
    return FaceEncoders.names().stream().map(ModelName::new).toList();
  }

  /** One line about the encoder, for help texts. */
  public String description() {
    return FaceEncoders.provider(id).description();
  }

  @Override
  public String toString() {
    return id;
  }
}
