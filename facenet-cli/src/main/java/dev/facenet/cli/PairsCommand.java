package dev.facenet.cli;

import dev.facenet.evaluate.Dataset;
import dev.facenet.evaluate.PairsFormat;
import dev.facenet.evaluate.PairsGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet pairs}: writes an LFW-style pairs file for any folder-per-person dataset, so that
 * the same protocol can be run again, shared, or given to {@code evaluate --pairs}. The same seed
 * gives the same file.
 */
@Command(
    name = "pairs",
    mixinStandardHelpOptions = true,
    description =
        "Write a pairs file in LFW's format for a folder-per-person dataset: FOLDS folds of N same-person "
            + "and N different-person pairs, chosen with a seed (same seed, same file). Pictures not named like LFW's "
            + "name_0001.jpg are written by file name (e.g. ORL's 's1 1.pgm 10.pgm'). "
            + "(--model and --weights are accepted but not needed.)")
final class PairsCommand extends FaceCommand {

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      required = true,
      description = "A folder with one sub-folder of pictures per person.")
  Path dataset;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "The pairs file to write.")
  Path outFile;

  @Mixin PairsOptions options;

  @Override
  public Integer call() {
    Dataset all = Dataset.scan(dataset);
    // a pairs file separates its words by white space: pictures it cannot name are left out,
    // and said so, rather than the whole file refused for one "IMG 0001.jpg"
    List<String> leftOut = new ArrayList<>();
    Dataset d =
        all.without(
            p -> {
              String why = PairsFormat.unwritable(p);
              if (why != null) {
                leftOut.add(p.path() + ": " + why);
              }
              return why != null;
            });
    PairsGenerator.Result r =
        PairsGenerator.generate(d, options.folds, options.perFold, options.seed);
    PairsFormat.write(r.pairs(), outFile);
    if (json()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("out", outFile.toString());
      j.put("folds", r.pairs().folds());
      j.put("per_fold", r.pairs().perFold());
      j.put("pairs", r.pairs().size());
      j.put("people", d.people().size());
      j.put("pictures", d.size());
      j.put("disjoint_people", r.disjointPeople());
      j.put("left_out", leftOut);
      printJson(j);
    } else {
      for (String why : leftOut) {
        err().println("left out " + ErrorHandlers.oneLine(why));
      }
      out()
          .printf(
              "Wrote %d pairs (%d folds of %d same-person + %d different-person) of %d people to %s%n",
              r.pairs().size(),
              r.pairs().folds(),
              r.pairs().perFold(),
              r.pairs().perFold(),
              d.people().size(),
              outFile);
      out()
          .println(
              r.disjointPeople()
                  ? "Each fold has people of its own."
                  : "Not enough people for folds of their own at this size: pairs are drawn from everyone and dealt out to the folds.");
    }
    return 0;
  }
}
