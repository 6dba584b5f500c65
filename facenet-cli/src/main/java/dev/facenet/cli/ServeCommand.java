package dev.facenet.cli;

import dev.facenet.AccessKeys;
import dev.facenet.FaceNet;
import dev.facenet.common.KeyRole;
import dev.facenet.server.FaceServer;
import dev.facenet.server.ServerOptions;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet serve}: the REST service over one gallery, until Ctrl-C. It prints the URL it
 * listens on. The service takes only the gallery's API keys; a gallery with none gets an admin key,
 * printed once, so that a first start is usable and still closed to everyone else.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve enrol, verify, recognize, compare, detect and embed over HTTP (JSON), on one"
            + " gallery, until stopped with Ctrl-C.")
final class ServeCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Mixin ThresholdOption threshold;

  @Mixin MarginOption margin;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
              + " network).")
  String host = ServerOptions.DEFAULT_HOST;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port = ServerOptions.DEFAULT_PORT;

  @Option(
      names = "--max-body",
      paramLabel = "MB",
      description = "Largest request body in megabytes (default: ${DEFAULT-VALUE}).")
  int maxBodyMb = (int) (ServerOptions.DEFAULT_MAX_BODY_BYTES / (1024 * 1024));

  @Override
  public Integer call() {
    ServerOptions options =
        ServerOptions.defaults(port).withHost(host).withMaxBodyBytes(maxBodyMb * 1024L * 1024);
    return withFaces(
        margin.apply(threshold.apply(photo.apply(gallery.creating(common.builder())))),
        faces -> {
          FaceServer server = FaceServer.start(faces, options);
          // Ctrl-C or a TERM signal: stop answering, then close the gallery cleanly
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        server.close();
                        faces.close();
                      },
                      "facenet-serve-stop"));
          out().println("facenet: serving " + gallery.shown() + " on " + server.url());
          firstKey(faces); // after listening: a port that is taken leaves no new gallery behind
          out().flush();
          try {
            new CountDownLatch(1).await(); // until the process is stopped
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        });
  }

  /** Makes an admin key when the gallery has no valid key, and prints it: the only time it is. */
  private void firstKey(FaceNet faces) {
    if (faces.keys().anyActive()) {
      return;
    }
    AccessKeys.NewKey made = faces.keys().create(KeyRole.ADMIN, "first admin key");
    out()
        .println(
            "facenet: the gallery had no API keys; made admin key "
                + made.key().id()
                + ", shown only this once (facenet keys create makes more):");
    out().println(made.text());
  }
}
