package dev.facenet.train;

import dev.facenet.common.CropMode;
import dev.facenet.common.FaceNetException;
import dev.facenet.nn.Torch;
import dev.facenet.pipeline.FaceFinder;
import java.nio.file.Path;

/**
 * What {@code facenet train} runs, from the choices on its command line: the device, the network to
 * train (and its teacher) opened by name, the chips cut as the crop mode says (found and aligned by
 * the inference pipeline's face finder, or whole pictures), then the trainer's run. Its callers
 * need none of the network classes.
 */
public final class Training {
  private Training() {}

  /**
   * The device every network of this process runs on ({@code --device}: cpu, gpu or auto); set
   * before any network is opened. An unknown or unusable device is a one-line error.
   */
  public static void useDevice(String device) {
    try {
      Torch.useDevice(device);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new FaceNetException(e.getMessage(), e);
    }
  }

  /**
   * Opens {@code options.model()} from {@code options.init()}, and the teacher when one is named,
   * and runs {@code trainer} (made with the same options) on chips cut as {@code crop} says.
   *
   * @param teacher the pretrained model whose encodings are distilled, or null for the triplet loss
   *     alone
   * @param teacherWeight the weight of the teacher's term (ignored without a teacher)
   * @param chipCache where the cut chips are kept between runs
   */
  public static TripletTrainer.Outcome run(
      TripletTrainer trainer,
      TrainingOptions options,
      CropMode crop,
      String teacher,
      float teacherWeight,
      Path chipCache) {
    boolean distil = teacher != null;
    boolean aligned = crop == CropMode.ALIGNED;
    Torch.gradientsOff(); // the networks are opened, and their weights written, on this thread
    try (TrainableNetwork net =
            TrainableNetworks.open(options.model(), options.init(), options.seed());
        TrainableNetwork teacherNet =
            distil ? TrainableNetworks.open(teacher, "pretrained", options.seed()) : null;
        FaceFinder finder = aligned || distil ? new FaceFinder() : null) {
      ChipMaker chips = aligned ? ChipMaker.aligned(finder, net.aligner()) : ChipMaker.wholeImage();
      Teacher t =
          distil
              ? new Teacher(
                  teacherNet, ChipMaker.aligned(finder, teacherNet.aligner()), teacherWeight)
              : null;
      return trainer.run(net, chips, chipCache, t);
    }
  }
}
