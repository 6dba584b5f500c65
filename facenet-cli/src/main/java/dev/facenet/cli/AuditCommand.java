package dev.facenet.cli;

import dev.facenet.common.AuditEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet audit}: who enrolled, removed, renamed or imported whom, and when, newest first,
 * from the gallery's audit (by the service's keys and by local commands alike).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Show the latest changes to who the gallery knows: when, by whom (key or user).")
final class AuditCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Option(
      names = "--last",
      paramLabel = "N",
      description = "How many of the latest changes (default: ${DEFAULT-VALUE}).")
  int last = 50;

  /** What {@code --json} prints per change. */
  record Shown(String at, String actor, String action, String person, long encodings) {}

  @Override
  public Integer call() {
    if (last < 1) {
      throw new dev.facenet.common.FaceNetException("--last must be at least 1, got " + last);
    }
    return withGallery(
        gallery.existing(common.builder()),
        faces -> {
          List<AuditEntry> entries = faces.keys().audit(last);
          List<Shown> shown =
              entries.stream()
                  .map(
                      e ->
                          new Shown(
                              KeysCommand.time(e.at()),
                              e.actor(),
                              e.action(),
                              e.person(),
                              e.encodings()))
                  .toList();
          if (json()) {
            printJson(shown);
          } else if (shown.isEmpty()) {
            out().println("No changes recorded.");
          } else {
            for (Shown e : shown) {
              out()
                  .printf(
                      "%s  %-7s %s, %d %s  by %s%n",
                      e.at(),
                      e.action(),
                      e.person() == null ? "(several people)" : e.person(),
                      e.encodings(),
                      e.encodings() == 1 ? "encoding" : "encodings",
                      e.actor());
            }
          }
          return 0;
        });
  }
}
