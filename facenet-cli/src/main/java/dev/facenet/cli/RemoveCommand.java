package dev.facenet.cli;

import dev.facenet.common.FaceNetException;
import dev.facenet.common.Person;
import dev.facenet.gallery.SqliteGallery;
import java.text.Normalizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet remove}: takes a person and all their encodings out of the gallery. Removing someone who is
 * not there is an error (exit code 2), so a typo in a name is not mistaken for success.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove a person and all their encodings from the gallery. "
        + "(--model and --weights are accepted but not needed: encodings of every model are removed.)")
final class RemoveCommand extends FaceCommand {

  @Mixin
  GalleryOption gallery;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who to remove.")
  String name;

  /** What {@code --json} prints. */
  record Removed(String name, boolean removed, int encodings) {}

  @Override
  public Integer call() {
    int encodings;
    try (SqliteGallery g = gallery.openExisting()) {
      String stored = Normalizer.normalize(name, Normalizer.Form.NFC); // as the gallery stores names
      encodings = g.people().stream().filter(p -> p.name().equals(stored)).mapToInt(Person::encodings).findFirst()
          .orElseThrow(() -> new FaceNetException("unknown name '" + name + "': not in the gallery"));
      g.remove(name);
    }
    if (json()) {
      printJson(new Removed(name, true, encodings));
    } else {
      out().printf("Removed %s and %d %s%n", name, encodings, encodings == 1 ? "encoding" : "encodings");
    }
    return 0;
  }
}
