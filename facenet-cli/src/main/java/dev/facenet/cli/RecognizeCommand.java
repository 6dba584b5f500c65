package dev.facenet.cli;

import dev.facenet.Embedding;
import dev.facenet.FaceNet;
import dev.facenet.Match;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet recognize}: who is in each picture? The nearest person in the gallery, or "not in the
 * database" when even the nearest is over the threshold. Every picture is encoded before anything is printed.
 */
@Command(name = "recognize", mixinStandardHelpOptions = true,
    description = "Say who each picture shows: the nearest person in the gallery, "
        + "or \"not in the database\" when even the nearest is over the threshold.")
final class RecognizeCommand extends FaceCommand {

  @Mixin
  GalleryOption gallery;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Known when the distance is under T (default: the gallery's calibrated threshold, else 0.6).")
  Double threshold;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Pictures of faces.")
  List<Path> images;

  /** What {@code --json} prints for each picture (the shape given in issue 2); name is null when unknown. */
  record Recognized(String image, String name, double distance) {}

  @Override
  public Integer call() {
    FaceNet.Builder builder = common.builder();
    if (threshold != null) {
      builder.threshold(threshold);
    }
    builder.gallery(gallery.openExisting());
    return withFaces(builder, faces -> {
      List<Embedding> probes = faces.encodeAll(images);
      double t = faces.threshold();
      List<Match> matches = probes.stream().map(p -> faces.recognize(p, t)).toList();
      for (int i = 0; i < images.size(); i++) {
        Match m = matches.get(i);
        if (json()) {
          printJson(new Recognized(images.get(i).toString(), m.name(), m.distance()));
          continue;
        }
        String prefix = images.size() > 1 ? images.get(i) + ": " : "";
        String said = m.known()
            ? "it's " + m.name() + ", the distance is " + distance(m.distance())
            : "not in the database (the nearest is " + m.nearest() + ", distance " + distance(m.distance())
                + ", threshold " + threshold(m.threshold()) + ")";
        out().println(prefix + (prefix.isEmpty() ? capitalised(said) : said));
      }
      return 0;
    });
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
