package dev.facenet.cli;

import dev.facenet.common.GalleryCheck;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet check}: every problem of a gallery (the database's own integrity check, damaged
 * and orphan rows, people without encodings, names that differ only in case) and how its search
 * indexes stand, without changing anything; {@code --repair} then removes the damaged rows, after
 * saying which. Exit code 0 when nothing is (left) wrong, 1 when something is, 2 on an error: a
 * script can run it before a backup.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "List every problem of the gallery without changing it (exit 0: none, 1: some);"
            + " --repair removes the damaged rows after listing them.")
final class CheckCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Option(
      names = "--repair",
      description =
          "Remove what is damaged (damaged or orphan encodings, people without encodings),"
              + " in one audited transaction, after saying what.")
  boolean repair;

  /** What {@code --json} prints. */
  record Shown(List<GalleryCheck.Problem> problems, List<String> notes, List<String> repaired) {}

  @Override
  public Integer call() {
    return withGallery(
        gallery.existing(common.builder()),
        faces -> { // opens no network
          GalleryCheck found = faces.check();
          List<String> repaired = List.of();
          GalleryCheck now = found;
          if (repair && found.problems().stream().anyMatch(p -> p.kind().repairable())) {
            if (!json()) {
              print("Found", found);
            }
            repaired = faces.repair().problems().stream().map(p -> p.what()).toList();
            now = faces.check();
          }
          if (json()) {
            printJson(new Shown(now.problems(), now.notes(), repaired));
          } else {
            if (!repaired.isEmpty()) {
              out().println("Removed:");
              repaired.forEach(r -> out().println("  " + r));
            }
            print(repaired.isEmpty() ? "Found" : "Left", now);
            for (String note : now.notes()) {
              out().println(note);
            }
          }
          return now.clean() ? 0 : 1;
        });
  }

  private void print(String verb, GalleryCheck c) {
    if (c.clean()) {
      out().println("No problem found.");
      return;
    }
    int n = c.problems().size();
    out().println(verb + " " + n + (n == 1 ? " problem:" : " problems:"));
    for (GalleryCheck.Problem p : c.problems()) {
      out()
          .println(
              "  "
                  + p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + ": "
                  + p.what()
                  + (p.kind().repairable() ? "" : " (not removed by --repair)"));
    }
    if (!repair && c.problems().stream().anyMatch(p -> p.kind().repairable())) {
      out().println("'facenet check --repair' removes the damaged rows.");
    }
  }
}
