package dev.facenet.cli;

import dev.facenet.FaceNet;
import dev.facenet.common.CropMode;
import dev.facenet.common.Detector;
import picocli.CommandLine.Option;

/**
 * How the commands that read pictures find the faces in them: by default every picture is a photo
 * whose faces are detected, given landmarks and aligned; {@code --whole-image} keeps the seed's
 * mode (the picture is the face). Also the detector, its minimum confidence and the mirror-image
 * averaging.
 */
public final class PhotoOptions {

  @Option(
      names = "--whole-image",
      description =
          "The whole picture is the face: no detection, no alignment (crop \"whole-image\").")
  boolean wholeImage;

  @Option(
      names = "--flip",
      description =
          "Encode each face as the mean of its chip and the chip's mirror image (crop name gets \"+flip\").")
  boolean flip;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      defaultValue = "ssd",
      converter = Choices.Detectors.class,
      completionCandidates = Choices.Detectors.class,
      description =
          "Face detector tried first: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); ssd is accurate, "
              + "tiny fast; the other is tried when it finds nothing.")
  Detector detector;

  @Option(
      names = "--min-confidence",
      paramLabel = "C",
      defaultValue = "0.5",
      description =
          "The detector's minimum confidence, between 0 and 1 (default: ${DEFAULT-VALUE}).")
  double minConfidence;

  /** The builder with these choices applied. */
  FaceNet.Builder apply(FaceNet.Builder b) {
    return b.crop(wholeImage ? CropMode.WHOLE_IMAGE : CropMode.ALIGNED)
        .flip(flip)
        .detector(detector)
        .minConfidence(minConfidence);
  }
}
