package dev.facenet.cli;

import static dev.facenet.cli.Formats.box;
import static dev.facenet.cli.Formats.boxText;
import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.threshold;

import dev.facenet.FaceMatch;
import dev.facenet.FaceNet;
import dev.facenet.Match;
import dev.facenet.PictureResult;
import dev.facenet.common.DecodedPicture;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.Neighbour;
import dev.facenet.common.SearchMode;
import java.nio.file.Files;
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
 * or "not in the database" when even the nearest is over the threshold, or "ambiguous" when two
 * people are both under it and nearly as near. Pictures given as files are all read and their faces
 * encoded before anything is printed, and the first bad one stops the command. A folder turns on
 * bulk mode: its pictures (recursively, sorted by path) are recognised on all cores, each answer
 * printed as soon as it and those before it are done, and a bad picture gets an error line instead
 * of stopping the others (exit code 2 at the end).
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

  @Mixin MarginOption margin;

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

  @Parameters(
      paramLabel = "IMAGE",
      arity = "1..*",
      description =
          "Photos or face pictures, or folders: every picture under a folder is recognised,"
              + " on all cores, answers printed as they come, in order; a picture that cannot be"
              + " read gets an error line and the exit code is 2.")
  List<Path> images;

  /** What {@code --json} prints for each picture. */
  record Recognized(String image, List<Map<String, Object>> faces) {}

  /** What {@code --json} prints, in bulk mode, for a picture that could not be read. */
  record Failed(String image, String error) {}

  /**
   * One face: its box [x, y, w, h] in pixels (two decimals), the name (null when unknown or
   * ambiguous), the distance, the margin to the second-nearest person, and the nearest people with
   * {@code --top} or when ambiguous.
   */
  private Map<String, Object> face(FaceMatch m) {
    Match match = m.match();
    Map<String, Object> face = new LinkedHashMap<>();
    face.put("box", box(m.face()));
    face.put("quality", m.face().quality());
    face.put("name", match.name());
    face.put("distance", match.distance());
    face.put("margin", match.margin());
    face.put("ambiguous", match.ambiguous());
    if (top != null || match.ambiguous()) {
      face.put("candidates", match.candidates());
    }
    return face;
  }

  @Override
  public Integer call() {
    boolean bulk = images.stream().anyMatch(Files::isDirectory);
    return withFaces(
        margin
            .apply(gallery.existing(threshold.apply(photo.apply(common.builder()))))
            .search(search),
        faces -> bulk ? recognizeInBulk(faces) : recognizeFiles(faces));
  }

  /** Every picture given as a file: all read first, then printed; a bad one stops the command. */
  private int recognizeFiles(FaceNet faces) {
    double t = faces.threshold();
    int k = top == null ? 1 : top;
    List<List<FaceMatch>> all = new ArrayList<>();
    List<String> noFace = new ArrayList<>();
    for (Path image : images) {
      DecodedPicture picture = FaceNet.read(image);
      all.add(faces.recognizeAll(picture, t, k));
      noFace.add(FaceNet.noFaceFound(picture));
    }
    for (int i = 0; i < images.size(); i++) {
      print(images.get(i), all.get(i), images.size() > 1, noFace.get(i));
    }
    return 0;
  }

  /**
   * Folders (and files) in bulk: answers printed as they complete, in order, a progress bar on
   * stderr, and exit code 2 when any picture failed.
   */
  private int recognizeInBulk(FaceNet faces) {
    List<Path> pictures = new ArrayList<>();
    for (Path arg : images) {
      pictures.addAll(Files.isDirectory(arg) ? FaceNet.picturesIn(arg) : List.of(arg));
    }
    if (pictures.isEmpty()) {
      throw new FaceNetException(
          String.join(", ", images.stream().map(Path::toString).toList())
              + ": no pictures in it (jpg, jpeg, png, bmp, gif, pgm, ppm, tif, tiff, webp)");
    }
    double t = faces.threshold();
    int k = top == null ? 1 : top;
    ProgressBar bar = ProgressBar.onTerminal(err(), "recognize");
    int[] done = {0};
    int[] failed = {0};
    bar.update(0, pictures.size());
    faces.recognizeEach(
        pictures,
        t,
        k,
        result -> {
          bar.clear();
          if (result.failed()) {
            failed[0]++;
            printFailure(result);
          } else {
            print(result.image(), result.faces(), true, "no face found");
          }
          out().flush();
          bar.update(++done[0], pictures.size());
        });
    if (failed[0] > 0) {
      err()
          .println(
              "facenet: "
                  + failed[0]
                  + " of "
                  + pictures.size()
                  + (pictures.size() == 1 ? " picture" : " pictures")
                  + " could not be read");
      return ErrorHandlers.ERROR;
    }
    return 0;
  }

  private void printFailure(PictureResult result) {
    String image = result.image().toString();
    if (json()) {
      printJson(new Failed(image, result.error()));
      return;
    }
    out().println(image + ": error: " + Formats.withoutFile(image, result.error()));
  }

  /**
   * One picture's answer; {@code named}: prefixed with the picture's path (several pictures);
   * {@code noFace}: what to say when it has none.
   */
  private void print(Path image, List<FaceMatch> matches, boolean named, String noFace) {
    if (json()) {
      printJson(new Recognized(image.toString(), matches.stream().map(this::face).toList()));
      return;
    }
    String prefix = named ? image + ": " : "";
    if (matches.isEmpty()) {
      out().println(prefix + (prefix.isEmpty() ? capitalised(noFace) : noFace));
    } else if (matches.size() == 1) {
      String said = said(matches.get(0).match());
      out().println(prefix + (prefix.isEmpty() ? capitalised(said) : said));
      warnIfPoor(matches.get(0).face().quality(), "the face");
      printCandidates(matches.get(0).match(), "  ");
    } else {
      out().println(prefix + matches.size() + " faces");
      for (FaceMatch m : matches) {
        out().println("  " + boxText(m.face()) + ": " + said(m.match()));
        warnIfPoor(m.face().quality(), "the face");
        printCandidates(m.match(), "    ");
      }
    }
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
    if (m.ambiguous()) {
      Neighbour first = m.candidates().get(0);
      Neighbour second = m.candidates().get(1);
      return "ambiguous: "
          + first.name()
          + " ("
          + distance(first.distance())
          + ") or "
          + second.name()
          + " ("
          + distance(second.distance())
          + "), both under the threshold "
          + threshold(m.threshold())
          + " and only "
          + distance(m.margin())
          + " apart";
    }
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
