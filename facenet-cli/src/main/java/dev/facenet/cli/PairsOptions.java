package dev.facenet.cli;

import dev.facenet.evaluate.PairsGenerator;
import picocli.CommandLine.Option;

/**
 * How pairs are generated for a folder-per-person dataset: {@code --folds}, {@code --per-fold},
 * {@code --seed}.
 */
final class PairsOptions {
  @Option(
      names = "--folds",
      paramLabel = "N",
      defaultValue = "" + PairsGenerator.DEFAULT_FOLDS,
      description =
          "Folds of the protocol; each fold's threshold is chosen on the others (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--per-fold",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Same-person pairs per fold, and as many different-person pairs "
              + "(default: as many as the dataset allows, at most "
              + PairsGenerator.DEFAULT_PER_FOLD
              + ").")
  int perFold;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + PairsGenerator.DEFAULT_SEED,
      description =
          "Seed of the random choice of pairs: the same seed gives the same pairs (default: ${DEFAULT-VALUE}).")
  long seed;
}
