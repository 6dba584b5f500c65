package dev.facenet.cli;

import dev.facenet.common.Embedding;
import dev.facenet.common.Person;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet enroll}: adds pictures of one person to the gallery. Every picture is read and
 * encoded before the gallery is written (or, when it does not exist yet, created), so one bad
 * picture leaves it as it was.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description =
        "Add pictures of a person to the gallery (the file is created when it does not exist). "
            + "Each picture must show one face (or, with --largest, its largest face is taken). "
            + "Every picture is read before anything is written, so a bad one leaves the gallery as it was.")
final class EnrollCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Option(
      names = "--largest",
      description = "Take the largest face of a picture with several (else it is refused).")
  boolean largest;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The person's name.")
  String name;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Pictures of the person's face.")
  List<Path> images;

  /** What {@code --json} prints. */
  record Enrolled(String name, int encodings, String model, String crop, List<String> images) {}

  @Override
  public Integer call() {
    name = Person.checkName(name); // refused before any work; stored in Unicode NFC
    // An existing file that is not a gallery is refused when the facade is built, before any
    // picture is read;
    // a missing one is created only once every picture has been encoded.
    return withFaces(
        gallery.creating(photo.apply(common.builder())).enrollLargest(largest),
        faces -> {
          List<Embedding> encodings = faces.enroll(name, images);
          String model = faces.model().id();
          if (json()) {
            printJson(
                new Enrolled(
                    name,
                    encodings.size(),
                    model,
                    faces.crop(),
                    images.stream().map(Path::toString).toList()));
          } else {
            out()
                .printf(
                    "Enrolled %s: %d %s (%s/%s)%n",
                    name,
                    encodings.size(),
                    encodings.size() == 1 ? "picture" : "pictures",
                    model,
                    faces.crop());
          }
          return 0;
        });
  }
}
