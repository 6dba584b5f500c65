package dev.facenet.cli;

import dev.facenet.common.Person;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code facenet list}: the people in the gallery, with how many encodings each has and which model
 * made them. It reads the gallery only, so it needs no network: --model and --weights are accepted
 * like on every command, and every model's encodings are listed.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the people in the gallery, their number of encodings and the models that made them. "
            + "(--model and --weights are accepted but not needed: every model's encodings are listed.)")
final class ListCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Override
  public Integer call() {
    return withGallery(
        gallery.existing(common.builder()),
        faces -> { // opens no network
          List<Person> people = faces.people();
          if (json()) {
            printJson(people);
          } else if (people.isEmpty()) {
            out().println("The gallery is empty.");
          } else {
            int width = people.stream().mapToInt(p -> p.name().length()).max().orElse(0);
            for (Person p : people) {
              out()
                  .printf(
                      "%-" + width + "s  %d %s  %s%n",
                      p.name(),
                      p.encodings(),
                      p.encodings() == 1 ? "encoding " : "encodings",
                      String.join(", ", p.models()));
            }
          }
          return 0;
        });
  }
}
