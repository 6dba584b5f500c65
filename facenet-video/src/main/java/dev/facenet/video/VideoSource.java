package dev.facenet.video;

import dev.facenet.common.FaceNetException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Frames of a video file, a network stream ({@code rtsp://}, {@code http://}, ...) or a camera
 * device ({@code /dev/video0}), decoded by FFmpeg through JavaCV. A source that cannot be opened,
 * or that is not a video, fails at {@link #open} with one line; a network stream gives up on a
 * silent server after the timeout given instead of waiting forever.
 *
 * <p>Not thread-safe: one thread reads a source.
 */
public final class VideoSource implements AutoCloseable {
  static {
    Ffmpeg.ready();
  }

  private final String name;
  private final boolean live;
  private final FFmpegFrameGrabber grabber;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private long read;

  private VideoSource(String name, boolean live, FFmpegFrameGrabber grabber) {
    this.name = name;
    this.live = live;
    this.grabber = grabber;
  }

  /** Is {@code source} a network stream or a camera (frames come in real time, may stop)? */
  public static boolean isLive(String source) {
    return source.contains("://") || source.startsWith("/dev/video");
  }

  /**
   * Is the end of {@code source} the end of watching it? So for what is served over HTTP (a file, a
   * playlist); a camera's stream (rtsp, tcp, udp, a device) has no end, so its end is a break.
   */
  public static boolean endsWhenServed(String source) {
    return source.startsWith("http://") || source.startsWith("https://");
  }

  /** Opens {@code source}: a file, a URL or a camera device; network reads wait at most 10 s. */
  public static VideoSource open(String source) {
    return open(source, WatchOptions.DEFAULT_TIMEOUT);
  }

  /** As {@link #open(String)}, a network read waiting at most {@code timeoutSeconds}. */
  public static VideoSource open(String source, double timeoutSeconds) {
    boolean live = isLive(source);
    if (!live) {
      Path file = Path.of(source);
      if (!Files.exists(file)) {
        throw new FaceNetException(source + ": no such file");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new FaceNetException(source + ": not a readable file");
      }
    }
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
    if (source.startsWith("/dev/video")) {
      g.setFormat("video4linux2");
    }
    if (source.contains("://")) {
      String micros = Long.toString(Math.round(timeoutSeconds * 1_000_000));
      g.setOption("rw_timeout", micros); // any protocol: a read that waits longer fails
      g.setOption("timeout", micros);
      if (source.startsWith("rtsp")) {
        g.setOption("rtsp_transport", "tcp"); // no lost UDP packets, no grey smears
      }
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(g);
      throw new FaceNetException(
          source
              + ": "
              + (live ? "cannot open the stream" : "not a video FFmpeg can read")
              + " ("
              + oneLine(e)
              + ")");
    }
    if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      closeQuietly(g);
      throw new FaceNetException(source + ": no video in it");
    }
    return new VideoSource(source, live, g);
  }

  /** The source as it was given. */
  public String name() {
    return name;
  }

  public boolean live() {
    return live;
  }

  public int width() {
    return grabber.getImageWidth();
  }

  public int height() {
    return grabber.getImageHeight();
  }

  /** Frames per second the source says it has; 25 when it does not say. */
  public double frameRate() {
    double r = grabber.getFrameRate();
    return r > 0 && r < 1000 ? r : 25;
  }

  /**
   * The next frame, or null at the end of a file. A decoding error (a truncated or damaged file, a
   * stream that broke) is a {@link FaceNetException} with one line.
   */
  public VideoFrame next() {
    while (true) {
      Frame f;
      try {
        f = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        throw new FaceNetException(name + ": the video stops: " + oneLine(e));
      }
      if (f == null) {
        return null;
      }
      if (f.image == null) {
        continue;
      }
      BufferedImage decoded = converter.getBufferedImage(f);
      if (decoded == null) {
        continue;
      }
      double seconds = Math.max(0, grabber.getTimestamp()) / 1e6;
      return new VideoFrame(copy(decoded), seconds, read++);
    }
  }

  /** A copy in 8-bit RGB: the converter's picture is reused for the next frame. */
  private static BufferedImage copy(BufferedImage picture) {
    BufferedImage out =
        new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(picture, 0, 0, null);
    return out;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
    converter.close();
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // nothing more can be done with a source that will not close
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").trim();
  }
}
