package dev.facenet.cli;

import dev.facenet.common.EnrolmentLines;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet export}: every stored encoding as one JSON object per line on stdout, to move a
 * gallery to another store or machine ({@code facenet import} reads it back bit for bit). No
 * network is opened; the count goes to stderr so stdout stays pure data. With {@code --name}, it
 * answers a person who asks what is kept about them instead: everything stored about that one
 * person.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write every encoding of the gallery to stdout, one JSON object per line:"
            + " {\"name\":..,\"model\":..,\"crop\":..,\"embedding\":[..]}.")
final class ExportCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Instead: everything stored about this person, as one JSON document (name, dates,"
              + " every encoding with its model and picture hash, the audit rows about them).")
  String name;

  @Override
  public Integer call() {
    if (name != null) {
      return withGallery(
          gallery.existing(common.builder()),
          faces -> {
            printJson(faces.about(name));
            return 0;
          });
    }
    return withGallery(
        gallery.existing(common.builder()),
        faces -> {
          PrintWriter out = out();
          long n = faces.exportAll(e -> out.println(EnrolmentLines.write(e)));
          out.flush();
          err().println("Exported " + n + (n == 1 ? " encoding" : " encodings"));
          return 0;
        });
  }
}
