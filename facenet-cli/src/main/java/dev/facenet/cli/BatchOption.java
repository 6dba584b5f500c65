package dev.facenet.cli;

import dev.facenet.common.FaceNetException;
import dev.facenet.evaluate.Evaluator;
import picocli.CommandLine.Option;

/** {@code --batch N}: pictures per network call, for the commands that encode whole datasets. */
final class BatchOption {
  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "" + Evaluator.DEFAULT_BATCH,
      description = "Pictures per network call (default: ${DEFAULT-VALUE}).")
  int batch;

  /** The batch size, refused (one line) when it is not a positive number. */
  int value() {
    if (batch < 1) {
      throw new FaceNetException("--batch must be 1 or more, got " + batch);
    }
    return batch;
  }
}
