package dev.facenet.cli;

import dev.facenet.common.Box;
import dev.facenet.video.VideoWriter;
import dev.facenet.video.WatchEvent;
import dev.facenet.video.WatchOptions;
import dev.facenet.video.WatchSummary;
import dev.facenet.video.Watcher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet watch}: the door camera. Follows the faces of a video file, stream or camera and
 * writes what happens as JSON lines while the video plays: a face appeared, was recognised, left;
 * then a summary of who was seen when. {@code --name} makes it a door that opens: exit 0 as soon as
 * that person is recognised.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Follow the faces of a video file, an rtsp:// or http:// stream or a camera (/dev/video0):"
            + " each face is recognised when it appears and again when a better view comes, and"
            + " every event is a JSON line on stdout ({\"t\":SECONDS,\"track\":ID,\"event\":"
            + "\"appeared|recognized|left\",\"name\":..,\"distance\":..,\"box\":[x,y,w,h]}), then a"
            + " summary line. A camera's stream (rtsp://, tcp://, a device) that stops is opened"
            + " again with back-off; what is served over http(s) ends the watch when it ends; Ctrl-C"
            + " ends with the summary.")
final class WatchCommand extends FaceCommand {

  @Mixin GalleryOption gallery;

  @Mixin PhotoOptions photo;

  @Mixin ThresholdOption threshold;

  @Mixin MarginOption margin;

  @Parameters(
      paramLabel = "SOURCE",
      description = "A video file, an rtsp:// or http:// URL, or a camera device (/dev/video0).")
  String source;

  @Option(
      names = "--every",
      paramLabel = "K",
      description = "Look for faces in every K-th frame (default: ${DEFAULT-VALUE}, every frame).")
  int every = 1;

  @Option(
      names = "--recheck",
      paramLabel = "SECONDS",
      description =
          "Recognise a followed face again after this long even without a better view (default:"
              + " ${DEFAULT-VALUE}).")
  double recheck = WatchOptions.DEFAULT_RECHECK_SECONDS;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Stop after S seconds of video (default: to its end, or until stopped).")
  double seconds;

  @Option(
      names = "--out",
      paramLabel = "FILE.mp4",
      description = "Also write the video with the faces' boxes and names drawn.")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Stop with exit code 0 as soon as NAME is recognised (the door opens); 1 when the video"
              + " ends without them.")
  String name;

  /** A summary line. */
  record Summary(
      String event,
      List<Map<String, Object>> people,
      long frames,
      long searched,
      long dropped,
      double seconds,
      double fps,
      double realtime,
      int reconnects) {}

  @Override
  public Integer call() {
    WatchOptions options;
    try {
      options =
          WatchOptions.defaults()
              .withEvery(every)
              .withRecheckSeconds(recheck)
              .withMaxSeconds(seconds);
    } catch (IllegalArgumentException e) {
      throw new dev.facenet.common.FaceNetException(e.getMessage());
    }
    WatchOptions chosen = options;
    return withFaces(
        margin.apply(gallery.existing(threshold.apply(photo.apply(common.builder())))),
        faces -> {
          AtomicBoolean stop = new AtomicBoolean();
          AtomicBoolean opened = new AtomicBoolean();
          CountDownLatch done = new CountDownLatch(1);
          Thread hook =
              new Thread(
                  () -> {
                    stop.set(true); // Ctrl-C: the watch ends after this frame, with its summary
                    try {
                      done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "facenet-watch-stop");
          Runtime.getRuntime().addShutdownHook(hook);
          VideoWriter[] writer = {null};
          try {
            Watcher watcher =
                new Watcher(
                    faces,
                    chosen,
                    new Watcher.Listener() {
                      @Override
                      public void event(WatchEvent e) {
                        printJson(json(e));
                        out().flush();
                        if (name != null
                            && e.event() == WatchEvent.Kind.RECOGNIZED
                            && name.equalsIgnoreCase(e.name() == null ? "" : e.name())) {
                          opened.set(true);
                          stop.set(true);
                        }
                      }

                      @Override
                      public void opened(int width, int height, double frameRate) {
                        if (out != null) {
                          writer[0] = VideoWriter.create(out, width, height, frameRate);
                        }
                      }

                      @Override
                      public void frame(dev.facenet.video.VideoFrame f, List<Watcher.Shown> shown) {
                        if (writer[0] != null) {
                          writer[0].write(FacePainter.paint(f.image(), marks(shown)));
                        }
                      }
                    });
            WatchSummary s = watcher.watch(source, stop::get);
            printJson(summary(s));
            out().flush();
            return name == null || opened.get() ? 0 : 1;
          } finally {
            if (writer[0] != null) {
              writer[0].close();
            }
            done.countDown();
            try {
              Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
              // the hook is running: it waited for this
            }
          }
        });
  }

  private static List<FacePainter.Mark> marks(List<Watcher.Shown> shown) {
    return shown.stream()
        .map(
            s ->
                new FacePainter.Mark(
                    s.box(),
                    null,
                    (s.name() == null ? "unknown" : s.name())
                        + (s.distance() == null
                            ? ""
                            : String.format(Locale.ROOT, " %.2f", s.distance())),
                    s.name() != null))
        .toList();
  }

  private static Map<String, Object> json(WatchEvent e) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("t", Formats.round(e.t(), 3));
    j.put("track", e.track());
    j.put("event", e.event().word());
    j.put("name", e.name());
    j.put("distance", e.distance() == null ? null : Formats.round(e.distance(), 4));
    j.put("box", box(e.box()));
    j.put("quality", e.quality() == null ? null : Formats.round(e.quality(), 3));
    return j;
  }

  private static double[] box(Box b) {
    return new double[] {
      Formats.round(b.x(), 1),
      Formats.round(b.y(), 1),
      Formats.round(b.width(), 1),
      Formats.round(b.height(), 1)
    };
  }

  private static Summary summary(WatchSummary s) {
    List<Map<String, Object>> people =
        s.people().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", p.name());
                  m.put("from", Formats.round(p.from(), 3));
                  m.put("to", Formats.round(p.to(), 3));
                  m.put("tracks", p.tracks());
                  return m;
                })
            .toList();
    return new Summary(
        "summary",
        people,
        s.framesRead(),
        s.framesSearched(),
        s.framesDropped(),
        Formats.round(s.videoSeconds(), 3),
        Formats.round(s.framesPerSecond(), 2),
        Formats.round(s.realTimeFactor(), 3),
        s.reconnects());
  }
}
