package dev.facenet.cli;

import dev.facenet.common.Face;
import dev.facenet.common.FaceQuality;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet embed}: prints the encoding of each picture's largest face, one line per picture.
 * No gallery involved.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Print the encoding (128 numbers) of the largest face of each picture, one line per picture.")
final class EmbedCommand extends FaceCommand {

  @Mixin PhotoOptions photo;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos or face pictures.")
  List<Path> images;

  /**
   * What {@code --json} prints for each picture (a stable shape for scripts); quality is null in
   * whole-image mode.
   */
  record Embedded(String image, float[] embedding, FaceQuality quality) {}

  @Override
  public Integer call() {
    return withFaces(
        photo.apply(common.builder()),
        faces -> {
          List<Face> largest = faces.largestFaces(images);
          for (int i = 0; i < images.size(); i++) {
            float[] v = largest.get(i).embedding().values();
            if (json()) {
              printJson(new Embedded(images.get(i).toString(), v, largest.get(i).quality()));
            } else {
              String numbers =
                  IntStream.range(0, v.length)
                      .mapToObj(j -> Float.toString(v[j]))
                      .collect(Collectors.joining(" "));
              out().println(images.get(i) + ": " + numbers);
            }
          }
          return 0;
        });
  }
}
