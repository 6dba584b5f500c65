package dev.facenet.cli;

import static dev.facenet.cli.Formats.box;
import static dev.facenet.cli.Formats.boxText;
import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.threshold;

import dev.facenet.FaceMatch;
import dev.facenet.Match;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet recognize}: who is each face of each picture? The nearest person in the gallery,
 * or "not in the database" when even the nearest is over the threshold. Every picture is read and
 * its faces encoded before anything is printed.
 */
@Command(
    name = "recognize",
    mixinStandardHelpOptions = true,
    description =
        "Say who each face of each picture is: the nearest person in the gallery, "
            + "or \"not in the database\" when even the nearest is over the threshold.")
final class RecognizeCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Mixin ThresholdOption threshold;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos or face pictures.")
  List<Path> images;

  /** What {@code --json} prints for each picture (issue 3's shape). */
  record Recognized(String image, List<RecognizedFace> faces) {}

  /**
   * One face: its box [x, y, w, h] in pixels (two decimals), the name (null when unknown) and the
   * distance.
   */
  record RecognizedFace(double[] box, String name, double distance) {}

  @Override
  public Integer call() {
    return withFaces(
        gallery.existing(threshold.apply(photo.apply(common.builder()))),
        faces -> {
          double t = faces.threshold();
          List<List<FaceMatch>> all = new ArrayList<>();
          for (Path image : images) {
            all.add(faces.recognizeAll(image, t));
          }
          for (int i = 0; i < images.size(); i++) {
            List<FaceMatch> matches = all.get(i);
            if (json()) {
              printJson(
                  new Recognized(
                      images.get(i).toString(),
                      matches.stream()
                          .map(
                              m ->
                                  new RecognizedFace(
                                      box(m.face()), m.match().name(), m.match().distance()))
                          .toList()));
              continue;
            }
            String prefix = images.size() > 1 ? images.get(i) + ": " : "";
            if (matches.isEmpty()) {
              out().println(prefix + (prefix.isEmpty() ? "No face found" : "no face found"));
            } else if (matches.size() == 1) {
              String said = said(matches.get(0).match());
              out().println(prefix + (prefix.isEmpty() ? capitalised(said) : said));
            } else {
              out()
                  .println(
                      (prefix.isEmpty() ? "" : images.get(i) + ": ") + matches.size() + " faces");
              for (FaceMatch m : matches) {
                out().println("  " + boxText(m.face()) + ": " + said(m.match()));
              }
            }
          }
          return 0;
        });
  }

  private static String said(Match m) {
    return m.known()
        ? "it's " + m.name() + ", the distance is " + distance(m.distance())
        : "not in the database (the nearest is "
            + m.nearest()
            + ", distance "
            + distance(m.distance())
            + ", threshold "
            + threshold(m.threshold())
            + ")";
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
