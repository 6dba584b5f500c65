package dev.facenet.cli;

import dev.facenet.FaceNet;
import dev.facenet.common.FaceQuality;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the common options, the output streams picocli was given (so tests
 * can capture them), JSON output, and opening the facade so that the encoder's warning is shown
 * once the command has done its work. A subcommand returns its exit code; errors are thrown and
 * turned into exit code 2 and one line by {@link ErrorHandlers}.
 */
abstract class FaceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * The warning line under an answer about a face too poor to trust ({@code face}: which face, when
   * there are two); nothing for any other face.
   */
  void warnIfPoor(FaceQuality q, String face) {
    String warning = Formats.poorWarning(q, face);
    if (!warning.isEmpty()) {
      out().println(warning);
    }
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean json() {
    return common.json;
  }

  /** Prints one JSON value on one line. */
  void printJson(Object value) {
    out().println(Json.GSON.toJson(value));
  }

  /**
   * Builds the facade, starts loading its networks while the command reads its first picture, runs
   * {@code body} with it and closes it; when the body succeeds, the encoder's warning (e.g. random
   * weights) goes to stderr, so a failed command still prints exactly one line there.
   */
  int withFaces(FaceNet.Builder builder, ToIntFunction<FaceNet> body) {
    return run(builder, true, body);
  }

  /** As {@link #withFaces} for commands that only read or change the gallery: no network loads. */
  int withGallery(FaceNet.Builder builder, ToIntFunction<FaceNet> body) {
    return run(builder, false, body);
  }

  private int run(FaceNet.Builder builder, boolean networks, ToIntFunction<FaceNet> body) {
    try (FaceNet faces = builder.build()) {
      if (networks) {
        faces.prepare();
      }
      int code = body.applyAsInt(faces);
      faces.warning().ifPresent(w -> err().println("facenet: warning: " + w));
      return code;
    }
  }
}
