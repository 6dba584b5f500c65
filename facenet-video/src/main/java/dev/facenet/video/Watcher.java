package dev.facenet.video;

import dev.facenet.FaceNet;
import dev.facenet.Match;
import dev.facenet.common.Box;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.FaceQuality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Watches a video for faces: frames are decoded ({@link VideoSource}), searched for faces every
 * k-th frame ({@link FaceNet#locateQuickly}: the detector's first look and landmarks, no fallback
 * search, no encoding), followed from frame to frame ({@link Tracker}), and a followed face is
 * encoded and recognised when it appears, again when a better view of it comes (its quality score
 * {@link WatchOptions#betterBy} above the view it was recognised from) or every {@link
 * WatchOptions#recheckSeconds}. A track keeps its name through views where recognition is uncertain
 * (no one, an ambiguous answer, a poor face): only a confident other name replaces it. Each change
 * is a {@link WatchEvent}.
 *
 * <p>A file is read as fast as the work goes. A live source (a stream, a camera) is read on a
 * thread of its own into a queue of two frames: when the work falls behind, the oldest frame is
 * dropped and counted, never queued without bound. A camera's stream ({@code rtsp://}, {@code
 * tcp://}, a device, ...) that ends or breaks off is opened again with back-off ({@link
 * WatchOptions#reconnects}); what is served over HTTP ends the watch when it ends (FFmpeg cannot
 * tell a served file's end from a broken connection there). One watch at a time per instance; the
 * {@link FaceNet} may be shared.
 */
public final class Watcher {

  /** What watching reports while it runs. Called on the watching thread. */
  public interface Listener {
    void event(WatchEvent e);

    /** The source is open: its frames' size and the frames per second it says it has. */
    default void opened(int width, int height, double frameRate) {}

    /** Every frame read, with the faces followed at that moment (for drawing). */
    default void frame(VideoFrame frame, List<Shown> faces) {}
  }

  /** A followed face as a frame shows it. */
  public record Shown(int track, Box box, String name, Double distance) {}

  private final FaceNet faces;
  private final WatchOptions options;
  private final Listener listener;

  public Watcher(FaceNet faces, WatchOptions options, Listener listener) {
    this.faces = faces;
    this.options = options;
    this.listener = listener;
  }

  /**
   * Watches {@code source} until it ends, {@link WatchOptions#maxSeconds} of it were watched, or
   * {@code stop} says so (checked between frames); then every face still followed leaves and the
   * summary is returned.
   *
   * @throws FaceNetException when the source cannot be opened, is not a video, breaks off (a file),
   *     or stays unreachable after the reconnections allowed (a live source)
   */
  public WatchSummary watch(String source, BooleanSupplier stop) {
    long start = System.nanoTime();
    Tracker tracker = new Tracker();
    Map<Integer, Tracker.Track> everyTrack = new LinkedHashMap<>();
    double threshold = faces.threshold();
    Frames frames = VideoSource.isLive(source) ? new LiveFrames(source) : new FileFrames(source);
    listener.opened(frames.width(), frames.height(), frames.frameRate());
    long read = 0;
    long searched = 0;
    double first = Double.NaN;
    double last = 0;
    double lastSearch = Double.NaN;
    try (frames) {
      VideoFrame frame;
      while (!stop.getAsBoolean() && (frame = frames.next()) != null) {
        if (Double.isNaN(first)) {
          first = frame.seconds();
        }
        double t = frame.seconds();
        if (options.maxSeconds() > 0 && t - first >= options.maxSeconds()) {
          break;
        }
        last = t;
        if (read++ % options.every() == 0) {
          searched++;
          // a face has left when unseen for the option's time, and never before two searches
          // missed it
          double interval = Double.isNaN(lastSearch) ? 0 : t - lastSearch;
          lastSearch = t;
          look(
              frame,
              t,
              Math.max(options.leaveAfter(), 2.5 * interval),
              tracker,
              everyTrack,
              threshold);
        }
        listener.frame(frame, shown(tracker));
      }
      double end = last;
      for (Tracker.Track gone : tracker.endAll()) {
        emit(WatchEvent.Kind.LEFT, end, gone);
      }
      return new WatchSummary(
          seen(everyTrack.values()),
          read,
          searched,
          frames.dropped(),
          Double.isNaN(first) ? 0 : last - first,
          (System.nanoTime() - start) / 1e9,
          frames.reconnects());
    }
  }

  /** One searched frame: faces located, matched to tracks, new and better views recognised. */
  private void look(
      VideoFrame frame,
      double t,
      double leaveAfter,
      Tracker tracker,
      Map<Integer, Tracker.Track> everyTrack,
      double threshold) {
    List<Face> found = faces.locateQuickly(frame.image());
    Tracker.Step step = tracker.update(found, t, leaveAfter);
    for (Tracker.Track gone : step.left()) {
      emit(
          WatchEvent.Kind.LEFT,
          Double.isNaN(gone.missedSince) ? gone.lastSeen : gone.missedSince,
          gone);
    }
    for (Tracker.Track born : step.appeared()) {
      everyTrack.put(born.id, born);
      emit(WatchEvent.Kind.APPEARED, t, born);
    }
    List<Tracker.Track> toName = new ArrayList<>();
    for (Tracker.Track track : step.seen()) {
      if (Double.isNaN(track.recognizedAt)
          || score(track.face) >= track.bestQuality + options.betterBy()
          || t - track.recognizedAt >= options.recheckSeconds()) {
        toName.add(track);
      }
    }
    if (toName.isEmpty()) {
      return;
    }
    List<Face> encoded =
        faces.encodeLocated(frame.image(), toName.stream().map(tr -> tr.face).toList());
    for (int i = 0; i < toName.size(); i++) {
      name(
          toName.get(i), encoded.get(i), faces.recognize(encoded.get(i).embedding(), threshold), t);
    }
  }

  /**
   * Takes a recognition's answer for a track: the first answer always (an event, even "no one"); a
   * later one only when it is a confident name other than the track's (an event), or the same name
   * (kept quietly, nearer if it is).
   */
  private void name(Tracker.Track track, Face face, Match match, double t) {
    boolean first = Double.isNaN(track.recognizedAt);
    track.recognizedAt = t;
    track.bestQuality = Math.max(track.bestQuality, score(face));
    boolean confident = match.name() != null && (face.quality() == null || !face.quality().poor());
    if (first) {
      track.name = match.name();
      track.distance = match.distance();
      emit(WatchEvent.Kind.RECOGNIZED, t, track);
    } else if (confident && !match.name().equals(track.name)) {
      track.name = match.name();
      track.distance = match.distance();
      emit(WatchEvent.Kind.RECOGNIZED, t, track);
    } else if (match.name() != null && match.name().equals(track.name)) {
      track.distance =
          Math.min(track.distance == null ? match.distance() : track.distance, match.distance());
    }
  }

  private static double score(Face face) {
    FaceQuality q = face.quality();
    return q == null ? 1 : q.score();
  }

  private void emit(WatchEvent.Kind kind, double t, Tracker.Track track) {
    FaceQuality q = track.face.quality();
    listener.event(
        new WatchEvent(
            t,
            track.id,
            kind,
            track.name,
            track.distance,
            track.box,
            q == null ? null : q.score()));
  }

  private static List<Shown> shown(Tracker tracker) {
    return tracker.tracks().stream()
        .map(tr -> new Shown(tr.id, tr.box, tr.name, tr.distance))
        .toList();
  }

  /** Who was seen: tracks with the same name merged, unnamed tracks each on their own. */
  private static List<WatchSummary.Seen> seen(Iterable<Tracker.Track> tracks) {
    Map<String, WatchSummary.Seen> byName = new LinkedHashMap<>();
    List<WatchSummary.Seen> out = new ArrayList<>();
    for (Tracker.Track tr : tracks) {
      if (tr.name == null) {
        out.add(new WatchSummary.Seen(null, tr.firstSeen, tr.lastSeen, 1));
        continue;
      }
      WatchSummary.Seen s = byName.get(tr.name);
      byName.put(
          tr.name,
          s == null
              ? new WatchSummary.Seen(tr.name, tr.firstSeen, tr.lastSeen, 1)
              : new WatchSummary.Seen(
                  tr.name,
                  Math.min(s.from(), tr.firstSeen),
                  Math.max(s.to(), tr.lastSeen),
                  s.tracks() + 1));
    }
    out.addAll(0, byName.values());
    out.sort(java.util.Comparator.comparingDouble(WatchSummary.Seen::from));
    return out;
  }

  /** Where frames come from: a file read in turn, or a live source read on its own thread. */
  private interface Frames extends AutoCloseable {
    /** The next frame, or null when there are no more. */
    VideoFrame next();

    long dropped();

    int reconnects();

    int width();

    int height();

    double frameRate();

    @Override
    void close();
  }

  /** A file: every frame, in order, as fast as the work takes them. */
  private static final class FileFrames implements Frames {
    private final VideoSource source;

    FileFrames(String name) {
      this.source = VideoSource.open(name);
    }

    @Override
    public int width() {
      return source.width();
    }

    @Override
    public int height() {
      return source.height();
    }

    @Override
    public double frameRate() {
      return source.frameRate();
    }

    @Override
    public VideoFrame next() {
      return source.next();
    }

    @Override
    public long dropped() {
      return 0;
    }

    @Override
    public int reconnects() {
      return 0;
    }

    @Override
    public void close() {
      source.close();
    }
  }

  /**
   * A live source: a reader thread keeps the two newest frames, timed from when watching began;
   * when the stream stops it is opened again with back-off, and after too many failures in a row
   * the reader ends with the reason.
   */
  private final class LiveFrames implements Frames {
    private static final VideoFrame END = new VideoFrame(null, 0, -1);

    private final String name;
    private final BlockingQueue<VideoFrame> queue = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private final long start = System.nanoTime();
    private volatile boolean closed;
    private volatile long dropped;
    private volatile int reconnects;
    private volatile FaceNetException failure;
    private long index;
    private final int width;
    private final int height;
    private final double frameRate;

    LiveFrames(String name) {
      this.name = name;
      // a source that never opens fails at once
      VideoSource first = VideoSource.open(name, options.timeout());
      width = first.width();
      height = first.height();
      frameRate = first.frameRate();
      reader = new Thread(() -> read(first), "facenet-video-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(VideoSource opened) {
      VideoSource source = opened;
      int failures = 0;
      try {
        while (!closed) {
          if (source == null) {
            if (failures > options.reconnects()) {
              failure =
                  new FaceNetException(
                      name
                          + ": the stream broke off and could not be opened again ("
                          + options.reconnects()
                          + " attempts)");
              return;
            }
            sleep(Math.min(8000, 500L << Math.min(4, failures - 1)));
            try {
              source = VideoSource.open(name, options.timeout());
              reconnects++;
            } catch (FaceNetException e) {
              failures++;
              continue;
            }
          }
          VideoFrame f;
          try {
            f = source.next();
          } catch (FaceNetException broke) { // the stream broke off: open it again
            source.close();
            source = null;
            failures++;
            continue;
          }
          if (f == null) {
            if (VideoSource.endsWhenServed(name)) {
              return; // a file or playlist served over HTTP came to its end: so does watching
            }
            // a camera's stream has no end: it broke off, open it again with back-off
            source.close();
            source = null;
            failures++;
            continue;
          }
          failures = 0;
          VideoFrame timed = new VideoFrame(f.image(), (System.nanoTime() - start) / 1e9, index++);
          while (!queue.offer(timed)) {
            if (queue.poll() != null) {
              dropped++;
            }
          }
        }
      } finally {
        if (source != null) {
          source.close();
        }
        end();
      }
    }

    /** Tells the watching thread there are no more frames, after those still queued. */
    private void end() {
      try {
        while (!closed && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
          // the watching thread is still taking the last frames
        }
      } catch (InterruptedException e) {
        closed = true;
      }
      if (closed) {
        queue.clear();
        queue.offer(END);
      }
    }

    private void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        closed = true;
      }
    }

    @Override
    public VideoFrame next() {
      try {
        while (true) {
          VideoFrame f = queue.poll(200, TimeUnit.MILLISECONDS);
          if (f == END) {
            if (failure != null) {
              throw failure;
            }
            return null;
          }
          if (f != null) {
            return f;
          }
          if (closed) {
            return null;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public int height() {
      return height;
    }

    @Override
    public double frameRate() {
      return frameRate;
    }

    @Override
    public long dropped() {
      return dropped;
    }

    @Override
    public int reconnects() {
      return reconnects;
    }

    @Override
    public void close() {
      closed = true;
      reader.interrupt();
    }
  }
}
