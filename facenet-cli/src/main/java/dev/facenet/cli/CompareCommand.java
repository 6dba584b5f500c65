package dev.facenet.cli;

import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.threshold;

import dev.facenet.Comparison;
import dev.facenet.FaceNet;
import dev.facenet.common.Face;
import dev.facenet.common.FaceQuality;
import dev.facenet.common.NoFaceException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet compare}: do these pictures show the same person as the first one? No gallery
 * involved, the everyday question of face_recognition's {@code compare_faces} and deepface's {@code
 * verify}.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Say whether each picture shows the same person as the first one (their largest faces), without a "
            + "gallery: the distance between the two encodings must be under the threshold. Exit code 0 when every picture "
            + "matches, 1 when one does not (or a picture has no face), 2 on an error.")
final class CompareCommand extends FaceCommand {

  @Mixin PhotoOptions photo;

  @Mixin ThresholdOption threshold;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description =
          "A gallery whose calibrated threshold (facenet calibrate) to use; it is only read.")
  Path calibrated;

  @Parameters(
      index = "0",
      paramLabel = "KNOWN",
      description = "The picture the others are compared with.")
  Path known;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "IMAGE",
      description = "The pictures to compare with it.")
  List<Path> images;

  /**
   * What {@code --json} prints for each picture; distance is null when one of the two has no face,
   * and the qualities of the faces compared are null in whole-image mode; {@code poor}: either face
   * is too poor to trust the answer.
   */
  record Compared(
      String known,
      String image,
      Double distance,
      boolean match,
      double threshold,
      FaceQuality knownQuality,
      FaceQuality quality,
      boolean poor) {}

  @Override
  public Integer call() {
    FaceNet.Builder builder = threshold.apply(photo.apply(common.builder()));
    if (calibrated != null) {
      builder.existingGallery(calibrated); // only read
    }
    return withFaces(
        builder,
        faces -> {
          Face reference = null;
          String noFace = null;
          try {
            reference = faces.largestFace(known);
          } catch (NoFaceException e) {
            noFace = e.getMessage(); // an answer for every picture, as verify gives for a picture
            // without a face
          }
          double t = faces.threshold();
          boolean allMatch = true;
          for (Path image : images) {
            Comparison c = null;
            String why = noFace;
            if (reference != null) {
              try {
                c = FaceNet.compare(reference, faces.largestFace(image), t);
              } catch (NoFaceException e) {
                why = e.getMessage();
              }
            }
            boolean match = c != null && c.match();
            allMatch &= match;
            if (json()) {
              printJson(
                  new Compared(
                      known.toString(),
                      image.toString(),
                      c == null ? null : c.distance(),
                      match,
                      t,
                      c == null ? null : c.firstQuality(),
                      c == null ? null : c.secondQuality(),
                      c != null && c.poor()));
            } else if (c == null) {
              out().printf("%s: not compared: %s%n", image, why);
            } else {
              out()
                  .printf(
                      "%s: %s %s, the distance is %s (threshold %s)%n",
                      image,
                      match ? "the same person as" : "not the same person as",
                      known,
                      distance(c.distance()),
                      threshold(c.threshold()));
              warnIfPoor(c.firstQuality(), known + "'s face");
              warnIfPoor(c.secondQuality(), image + "'s face");
            }
          }
          return allMatch ? 0 : 1;
        });
  }
}
