package dev.facenet.cli;

import static dev.facenet.cli.Formats.box;
import static dev.facenet.cli.Formats.boxText;
import static dev.facenet.cli.Formats.distance;
import static dev.facenet.cli.Formats.round;

import dev.facenet.FaceNet;
import dev.facenet.Match;
import dev.facenet.common.DecodedPicture;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.FaceQuality;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet detect}: where are the faces? Prints every face of every picture with its box,
 * score and landmarks, and with {@code --out} draws them into copies of the pictures; with {@code
 * --db} it also names them. A picture without a face is an empty list, not an error.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Find every face in each picture: box, score, 68 landmarks and how it was found. "
            + "--out DIR draws them into PNG copies; --db GALLERY also names them.")
final class DetectCommand extends FaceCommand {

  @Mixin PhotoOptions photo;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write each picture with its faces drawn on it to DIR/NAME.png.")
  Path outDir;

  @Option(
      names = "--db",
      paramLabel = "GALLERY",
      description =
          "A gallery (a SQLite file or a postgresql:// URL): name the faces found (known when"
              + " nearer than --threshold).")
  String db;

  @Mixin ThresholdOption threshold; // judges the names that --db gives

  @Mixin MarginOption margin;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos.")
  List<Path> images;

  /** What {@code --json} prints for each picture. */
  record Detected(String image, List<DetectedFace> faces) {}

  /**
   * One face: box [x, y, w, h], score, 68 landmarks [[x, y], ...], how it was found, its quality
   * (null in whole-image mode), and with a gallery the name (null when unknown) and distance.
   */
  record DetectedFace(
      double[] box,
      Double score,
      double[][] landmarks,
      String foundBy,
      FaceQuality quality,
      String name,
      Double distance) {}

  @Override
  public Integer call() {
    if (outDir != null) {
      try {
        Files.createDirectories(outDir);
      } catch (IOException e) {
        throw new FaceNetException(
            outDir + ": cannot create the output folder (" + e.getMessage() + ")", e);
      }
    }
    FaceNet.Builder builder = margin.apply(threshold.apply(photo.apply(common.builder())));
    if (db != null) {
      builder.existingGallery(db);
    }
    return withFaces(
        builder,
        faces -> {
          for (Path image : images) {
            DecodedPicture picture = FaceNet.read(image);
            // in the file's pixels; encoded only to be named
            List<Face> found = db == null ? faces.locate(picture) : faces.faces(picture);
            List<Match> names = new ArrayList<>();
            if (db != null) {
              double t = faces.threshold();
              for (Face f : found) {
                names.add(faces.recognize(f.embedding(), t));
              }
            }
            Path drawn = null;
            if (outDir != null) {
              drawn = outDir.resolve(stem(image) + ".png");
              write(FacePainter.paint(picture.image(), picture.toImage(found), names), drawn);
            }
            print(image, found, names, drawn);
          }
          return 0;
        });
  }

  private void print(Path image, List<Face> found, List<Match> names, Path drawn) {
    if (json()) {
      List<DetectedFace> list = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        Face f = found.get(i);
        Match m = names.isEmpty() ? null : names.get(i);
        list.add(
            new DetectedFace(
                box(f),
                Double.isNaN(f.score()) ? null : round(f.score(), 4),
                f.landmarks() == null ? null : points(f),
                f.foundBy(),
                f.quality(),
                m == null ? null : m.name(),
                m == null ? null : round(m.distance(), 4)));
      }
      printJson(new Detected(image.toString(), list));
      return;
    }
    out()
        .println(
            image
                + ": "
                + (found.isEmpty()
                    ? "no face found"
                    : found.size() == 1 ? "1 face" : found.size() + " faces")
                + (drawn == null ? "" : " (drawn to " + drawn + ")"));
    for (int i = 0; i < found.size(); i++) {
      Face f = found.get(i);
      StringBuilder line = new StringBuilder("  ").append(boxText(f));
      if (!Double.isNaN(f.score())) {
        line.append(String.format(Locale.ROOT, ", score %.3f", f.score()));
      }
      line.append(", found by ").append(f.foundBy());
      if (f.quality() != null) {
        line.append(", ").append(Formats.quality(f.quality()));
      }
      if (!names.isEmpty()) {
        Match m = names.get(i);
        line.append(
                m.known()
                    ? ": " + m.name()
                    : m.ambiguous()
                        ? ": ambiguous, " + Formats.eitherOf(m)
                        : ": not in the database")
            .append(", distance ")
            .append(distance(m.distance()));
      }
      out().println(line);
    }
  }

  private static double[][] points(Face f) {
    double[][] p = f.landmarks().toArray();
    for (double[] xy : p) {
      xy[0] = round(xy[0], 2);
      xy[1] = round(xy[1], 2);
    }
    return p;
  }

  private static String stem(Path image) {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void write(BufferedImage picture, Path file) {
    try {
      if (!ImageIO.write(picture, "png", file.toFile())) {
        throw new FaceNetException(file + ": no PNG writer");
      }
    } catch (IOException e) {
      throw new FaceNetException(file + ": cannot write the drawing (" + e.getMessage() + ")", e);
    }
  }
}
