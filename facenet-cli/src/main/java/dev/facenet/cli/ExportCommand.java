package dev.facenet.cli;

import dev.facenet.common.EnrolmentLines;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code facenet export}: every stored encoding as one JSON object per line on stdout, to move a
 * gallery to another store or machine ({@code facenet import} reads it back bit for bit). No
 * network is opened; the count goes to stderr so stdout stays pure data.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write every encoding of the gallery to stdout, one JSON object per line:"
            + " {\"name\":..,\"model\":..,\"crop\":..,\"embedding\":[..]}.")
final class ExportCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Override
  public Integer call() {
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
