package dev.facenet.cli;

import dev.facenet.common.Person;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet remove}: takes a person and all their encodings out of the gallery. Removing
 * someone who is not there is an error (exit code 2), so a typo in a name is not mistaken for
 * success.
 */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description =
        "Remove a person and all their encodings from the gallery. "
            + "(--model and --weights are accepted but not needed: encodings of every model are removed.)")
final class RemoveCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who to remove.")
  String name;

  /** What {@code --json} prints. */
  record Removed(String name, boolean removed, int encodings) {}

  @Override
  public Integer call() {
    return withGallery(
        gallery.existing(common.builder()),
        faces -> { // opens no network
          Person removed = faces.remove(name); // as the gallery spelled it
          int encodings = removed.encodings();
          if (json()) {
            printJson(new Removed(removed.name(), true, encodings));
          } else {
            out()
                .printf(
                    "Removed %s and %d %s%n",
                    removed.name(), encodings, encodings == 1 ? "encoding" : "encodings");
          }
          return 0;
        });
  }
}
