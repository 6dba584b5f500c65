package dev.facenet.train;

import dev.facenet.common.FaceNetException;

/**
 * A pretrained encoder whose encodings of the training pictures the trained network learns to
 * reproduce (knowledge distillation, {@code facenet train --teacher}), with the chips it is given
 * (its own framing, cut from the same pictures) and the weight of its term next to the triplet
 * loss. The trainer does not own the network or the chip maker.
 *
 * @param network the teacher, with its weights loaded; only its forward pass is used
 * @param chips how a training picture is cut for the teacher (its aligned chip, as at inference)
 * @param weight how much the distance to the teacher's encodings counts against the triplet loss
 */
public record Teacher(TrainableNetwork network, ChipMaker chips, float weight) {
  /**
   * Where the teacher's chips are kept between runs, in the output folder (the trained network's
   * are in {@link ChipCache#FILE}).
   */
  public static final String CHIP_FILE = "teacher-chips.bin";

  /** The weight {@code --teacher-weight} defaults to. */
  public static final float DEFAULT_WEIGHT = 100f;

  public Teacher {
    if (network == null || chips == null) {
      throw new IllegalArgumentException("a teacher needs its network and its chip maker");
    }
    requireValidWeight(weight);
  }

  /**
   * Refuses a weight that is not a positive finite number (one line, as {@code --teacher-weight} is
   * told).
   */
  public static void requireValidWeight(float weight) {
    if (!(weight > 0) || Float.isInfinite(weight)) {
      throw new FaceNetException("--teacher-weight must be a positive number, not " + weight);
    }
  }

  /** The teacher and its weight as the checkpoint and the model card record them. */
  public ModelCard.Distillation distillation() {
    return new ModelCard.Distillation(model(), weight);
  }

  /** The teacher's model id, as the model card and the checkpoint name it. */
  public String model() {
    return network.model();
  }
}
