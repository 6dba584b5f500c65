package dev.facenet.cli;

import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.Pairs;
import dev.facenet.evaluate.PairsFormat;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What to measure on: {@code --pairs FILE --images DIR} (an LFW-style protocol) or {@code --dataset
 * DIR}.
 */
final class EvaluationSource {
  @ArgGroup(exclusive = false, multiplicity = "0..1")
  PairsFile file;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      description =
          "A folder with one sub-folder of pictures per person; pairs are generated (see --folds, --per-fold, --seed).")
  Path dataset;

  /** {@code --pairs FILE --images DIR}, always given together. */
  static final class PairsFile {
    @Option(
        names = "--pairs",
        paramLabel = "FILE",
        required = true,
        description =
            "Pairs file in LFW's format (header 'FOLDS N'; 'name i j' and 'name1 i name2 j' lines; "
                + "file names such as 1.pgm may stand for indices).")
    Path pairs;

    @Option(
        names = "--images",
        paramLabel = "DIR",
        required = true,
        description = "Folder of the pictures the pairs file names (DIR/name/name_0001.jpg).")
    Path images;
  }

  boolean isDataset() {
    return dataset != null;
  }

  Pairs readPairs() {
    return PairsFormat.read(file.pairs, file.images);
  }

  Dataset scanDataset() {
    return Dataset.scan(dataset);
  }

  /** A short name for titles: the dataset folder or the pairs file. */
  String label() {
    Path p = isDataset() ? dataset : file.pairs;
    Path name = p.toAbsolutePath().normalize().getFileName();
    return name == null ? p.toString() : name.toString();
  }
}
