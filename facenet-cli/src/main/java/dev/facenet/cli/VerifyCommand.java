package dev.facenet.cli;

import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.threshold;

import dev.facenet.Verification;
import dev.facenet.common.FaceQuality;
import dev.facenet.common.NoFaceException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet verify}: is this picture the person it claims to be? Exit code 0 when matched, 1
 * when not.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check that a picture shows the named person (its largest face): the distance to their nearest "
            + "encoding must be under the threshold. Exit code 0 when matched, 1 when not (or when the picture has no face), "
            + "2 on an error.")
final class VerifyCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "Who the picture claims to show.")
  String name;

  @Mixin ThresholdOption threshold;

  @Parameters(paramLabel = "IMAGE", arity = "1", description = "The picture of the face to check.")
  Path image;

  /**
   * What {@code --json} prints (a stable shape for scripts); distance and quality are null when the
   * picture has no face (quality also in whole-image mode); {@code poor}: the face is too poor to
   * trust the answer.
   */
  record Verified(
      String name,
      Double distance,
      boolean match,
      double threshold,
      FaceQuality quality,
      boolean poor) {}

  @Override
  public Integer call() {
    return withFaces(
        gallery.existing(threshold.apply(photo.apply(common.builder()))),
        faces -> {
          Verification v;
          try {
            v = faces.verify(image, name);
          } catch (NoFaceException e) {
            // An answer, not an error: this picture does not show the person.
            if (json()) {
              printJson(new Verified(name, null, false, faces.threshold(), null, false));
            } else {
              out().printf("Not matched: %s%n", e.getMessage());
            }
            return 1;
          }
          if (json()) {
            printJson(
                new Verified(
                    v.name(), v.distance(), v.match(), v.threshold(), v.quality(), v.poor()));
          } else if (v.match()) {
            out()
                .printf(
                    "Matched: it's %s, the distance is %s (threshold %s)%n",
                    v.name(), distance(v.distance()), threshold(v.threshold()));
          } else {
            out()
                .printf(
                    "Not matched: it's not %s, the distance is %s (threshold %s)%n",
                    v.name(), distance(v.distance()), threshold(v.threshold()));
          }
          if (!json()) {
            warnIfPoor(v.quality(), "the face");
          }
          return v.match() ? 0 : 1;
        });
  }
}
