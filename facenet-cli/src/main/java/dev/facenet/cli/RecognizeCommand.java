package dev.facenet.cli;

import static dev.facenet.cli.Formats.box;
import static dev.facenet.cli.Formats.boxText;
import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.threshold;

import dev.facenet.FaceMatch;
import dev.facenet.Match;
import dev.facenet.common.Neighbour;
import dev.facenet.common.SearchMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--top",
      paramLabel = "K",
      description =
          "Also list the K nearest people for each face, nearest first, whatever their distance"
              + " (JSON: \"candidates\").")
  Integer top;

  @Option(
      names = "--search",
      paramLabel = "HOW",
      converter = Choices.SearchModes.class,
      completionCandidates = Choices.SearchModes.class,
      description =
          "How the gallery is searched: ${COMPLETION-CANDIDATES}. exact compares every encoding;"
              + " approximate walks an HNSW graph (much faster on large galleries); auto (the"
              + " default) turns to approximate from "
              + SearchMode.APPROXIMATE_FROM
              + " encodings.")
  SearchMode search = SearchMode.AUTO;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos or face pictures.")
  List<Path> images;

  /** What {@code --json} prints for each picture. */
  record Recognized(String image, List<Map<String, Object>> faces) {}

  /**
   * One face: its box [x, y, w, h] in pixels (two decimals), the name (null when unknown), the
   * distance, and with {@code --top} the nearest people.
   */
  private Map<String, Object> face(FaceMatch m) {
    Map<String, Object> face = new LinkedHashMap<>();
    face.put("box", box(m.face()));
    face.put("name", m.match().name());
    face.put("distance", m.match().distance());
    if (top != null) {
      face.put("candidates", m.match().candidates());
    }
    return face;
  }

  @Override
  public Integer call() {
    return withFaces(
        gallery.existing(threshold.apply(photo.apply(common.builder()))).search(search),
        faces -> {
          double t = faces.threshold();
          int k = top == null ? 1 : top;
          List<List<FaceMatch>> all = new ArrayList<>();
          for (Path image : images) {
            all.add(faces.recognizeAll(image, t, k));
          }
          for (int i = 0; i < images.size(); i++) {
            List<FaceMatch> matches = all.get(i);
            if (json()) {
              printJson(
                  new Recognized(
                      images.get(i).toString(), matches.stream().map(this::face).toList()));
              continue;
            }
            String prefix = images.size() > 1 ? images.get(i) + ": " : "";
            if (matches.isEmpty()) {
              out().println(prefix + (prefix.isEmpty() ? "No face found" : "no face found"));
            } else if (matches.size() == 1) {
              String said = said(matches.get(0).match());
              out().println(prefix + (prefix.isEmpty() ? capitalised(said) : said));
              printCandidates(matches.get(0).match(), "  ");
            } else {
              out()
                  .println(
                      (prefix.isEmpty() ? "" : images.get(i) + ": ") + matches.size() + " faces");
              for (FaceMatch m : matches) {
                out().println("  " + boxText(m.face()) + ": " + said(m.match()));
                printCandidates(m.match(), "    ");
              }
            }
          }
          return 0;
        });
  }

  /** With {@code --top}: the nearest people, one per line under the answer. */
  private void printCandidates(Match m, String indent) {
    if (top == null) {
      return;
    }
    int rank = 0;
    for (Neighbour n : m.candidates()) {
      out().println(indent + (++rank) + ". " + n.name() + " " + distance(n.distance()));
    }
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
