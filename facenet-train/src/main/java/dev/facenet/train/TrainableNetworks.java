package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens the network named by {@code --model} for training, from the starting weights named by
 * {@code --init}.
 */
public final class TrainableNetworks {
  private TrainableNetworks() {}

  /** The networks facenet can train. */
  public static List<String> names() {
    return List.of(Nn4Trainable.MODEL, ResNetTrainable.MODEL);
  }

  /**
   * The trainable network's id for {@code model} (case and surrounding spaces ignored), or a
   * one-line refusal.
   */
  public static String check(String model) {
    String m = model.trim().toLowerCase(Locale.ROOT);
    if (!names().contains(m)) {
      throw new FaceNetException(
          "cannot train '" + model + "' (trainable: " + String.join(", ", names()) + ")");
    }
    return m;
  }

  /**
   * @param model {@code nn4-small2} or {@code resnet}
   * @param init {@code random} (seeded; nn4-small2 only), {@code pretrained} (resnet only), or a
   *     weights folder; null for the model's usual start (random, or pretrained for resnet)
   * @param seed seed of the random initialisation
   */
  public static TrainableNetwork open(String model, String init, long seed) {
    String m = check(model);
    String i =
        init == null ? (m.equals(ResNetTrainable.MODEL) ? "pretrained" : "random") : init.trim();
    return switch (m) {
      case Nn4Trainable.MODEL ->
          switch (i) {
            case "random" -> Nn4Trainable.random(seed);
            case "pretrained" ->
                throw new FaceNetException(
                    "--init pretrained: no pretrained nn4-small2 weights ship with "
                        + "facenet; give a folder of OpenFace/Keras CSV weights, or train from random");
            default -> Nn4Trainable.fromFolder(Path.of(i), seed);
          };
      case ResNetTrainable.MODEL ->
          switch (i) {
            case "pretrained" -> ResNetTrainable.pretrained();
            case "random" ->
                throw new FaceNetException(
                    "--model resnet is fine-tuned, not trained from scratch: "
                        + "use --init pretrained (the weights that ship) or a face-api weights folder");
            default -> ResNetTrainable.fromFolder(Path.of(i));
          };
      default -> throw new IllegalStateException("no case for trainable network " + m);
    };
  }
}
