package dev.facenet.train;

import dev.facenet.FaceNetException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the network named by {@code --model} for training, from the starting weights named by {@code --init}. */
public final class TrainableNetworks {
  private TrainableNetworks() {}

  /**
   * @param model {@code nn4-small2} or {@code resnet}
   * @param init {@code random} (seeded), {@code pretrained}, or a weights folder
   * @param seed seed of the random initialisation
   */
  public static TrainableNetwork open(String model, String init, long seed) {
    String m = model.trim().toLowerCase(Locale.ROOT);
    String i = init == null ? "random" : init.trim();
    return switch (m) {
      case Nn4Trainable.MODEL -> switch (i) {
        case "random" -> Nn4Trainable.random(seed);
        case "pretrained" -> throw new FaceNetException("--init pretrained: no pretrained nn4-small2 weights ship with "
            + "facenet; give a folder of OpenFace/Keras CSV weights, or train from random");
        default -> Nn4Trainable.fromFolder(Path.of(i), seed);
      };
      default -> throw new FaceNetException("--model " + model + ": cannot train it (trainable: "
          + Nn4Trainable.MODEL + ")");
    };
  }
}
