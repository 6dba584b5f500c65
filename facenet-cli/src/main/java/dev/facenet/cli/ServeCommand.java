package dev.facenet.cli;

import dev.facenet.server.FaceServer;
import dev.facenet.server.ServerOptions;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facenet serve}: the REST service over one gallery, until Ctrl-C. It prints the URL it
 * listens on; the gallery is created when the first person is enrolled.
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
        threshold.apply(photo.apply(gallery.creating(common.builder()))),
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
          out().flush();
          try {
            new CountDownLatch(1).await(); // until the process is stopped
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        });
  }
}
