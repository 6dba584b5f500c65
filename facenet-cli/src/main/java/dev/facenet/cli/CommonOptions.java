package dev.facenet.cli;

import dev.facenet.FaceNet;
import dev.facenet.ModelName;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command takes: which encoder, its weights, JSON output, and stack traces for
 * bug reports.
 */
public final class CommonOptions {

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = "resnet",
      converter = Choices.Models.class,
      completionCandidates = Choices.Models.class,
      description =
          "Encoder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
              + "Encodings of different models are never compared.")
  ModelName model;

  @Option(
      names = "--weights",
      paramLabel = "DIR",
      description =
          "Folder of weights for the encoder (nn4-small2's CSV folder, or trained weights).")
  Path weights;

  @Option(names = "--json", description = "Machine-readable output (JSON).")
  boolean json;

  @Option(names = "--debug", hidden = true, description = "Print the stack trace of an error.")
  boolean debug;

  /**
   * A facade builder with the chosen encoder and weights; the caller adds the gallery and
   * threshold.
   */
  FaceNet.Builder builder() {
    FaceNet.Builder b = FaceNet.builder().model(model);
    if (weights != null) {
      b.weights(weights);
    }
    return b;
  }
}
