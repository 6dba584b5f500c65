package dev.facenet.cli;

import dev.facenet.FaceNet;
import dev.facenet.Verification;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facenet verify}: is this picture the person it claims to be? Exit code 0 when matched, 1 when not. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check that a picture shows the named person: the distance to their nearest encoding "
        + "must be under the threshold. Exit code 0 when matched, 1 when not, 2 on an error.")
final class VerifyCommand extends FaceCommand {

  @Mixin
  GalleryOption gallery;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who the picture claims to show.")
  String name;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Matched when the distance is under T (default: the gallery's calibrated threshold, else 0.6).")
  Double threshold;

  @Parameters(paramLabel = "IMAGE", arity = "1", description = "The picture of the face to check.")
  Path image;

  /** What {@code --json} prints (the shape given in issue 2). */
  record Verified(String name, double distance, boolean match, double threshold) {}

  @Override
  public Integer call() {
    FaceNet.Builder builder = common.builder();
    if (threshold != null) {
      builder.threshold(threshold);
    }
    builder.gallery(gallery.openExisting()); // last: build() closes it if the encoder cannot be opened
    return withFaces(builder, faces -> {
      Verification v = faces.verify(image, name);
      if (json()) {
        printJson(new Verified(v.name(), v.distance(), v.match(), v.threshold()));
      } else if (v.match()) {
        out().printf("Matched: it's %s, the distance is %s (threshold %s)%n",
            v.name(), distance(v.distance()), threshold(v.threshold()));
      } else {
        out().printf("Not matched: it's not %s, the distance is %s (threshold %s)%n",
            v.name(), distance(v.distance()), threshold(v.threshold()));
      }
      return v.match() ? 0 : 1;
    });
  }
}
