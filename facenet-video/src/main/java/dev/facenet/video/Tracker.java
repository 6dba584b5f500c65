package dev.facenet.video;

import dev.facenet.common.Box;
import dev.facenet.common.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows faces from frame to frame: each face found in a frame is matched to the track whose box,
 * moved on by the track's own speed (a constant-velocity guess), overlaps it most (intersection
 * over union at least {@link #MIN_IOU}), greedily from the best overlap down; a face that matches
 * no track starts one, and a track unmatched for the time given has left.
 *
 * <p>Not thread-safe: one thread feeds it the frames in order.
 */
final class Tracker {
  /** The least overlap for a face to continue a track. */
  static final double MIN_IOU = 0.3;

  private final List<Track> tracks = new ArrayList<>();
  private int nextId = 1;

  /** One followed face: where it is, how fast it moves, when it was seen. */
  static final class Track {
    final int id;
    final double firstSeen;
    Box box;
    double lastSeen;
    double vx;
    double vy;
    double missedSince = Double.NaN;
    Face face; // the latest face matched, in this frame or before
    // what recognition decided, kept through frames where it would be uncertain
    String name;
    Double distance;
    double bestQuality = -1;
    double recognizedAt = Double.NaN;

    Track(int id, Face face, double t) {
      this.id = id;
      this.firstSeen = t;
      this.lastSeen = t;
      this.box = face.box();
      this.face = face;
    }

    /** Where the box should be at time {@code t}, moved on at the track's speed. */
    Box predicted(double t) {
      double dt = t - lastSeen;
      return new Box(box.x() + vx * dt, box.y() + vy * dt, box.width(), box.height());
    }
  }

  /** What one frame changed: the tracks that began, those seen in it, and those that have left. */
  record Step(List<Track> appeared, List<Track> seen, List<Track> left) {}

  /**
   * Matches the faces found in the frame at {@code t} to the tracks; a track unseen for {@code
   * leaveAfter} seconds has left.
   */
  Step update(List<Face> faces, double t, double leaveAfter) {
    // first the tracks unseen for too long: gone, so a new face where one was is someone new
    List<Track> left = new ArrayList<>();
    for (Track track : List.copyOf(tracks)) {
      if (t - track.lastSeen >= leaveAfter) {
        tracks.remove(track);
        left.add(track);
      }
    }
    record Pair(Track track, int face, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (Track track : tracks) {
      Box guess = track.predicted(t);
      for (int i = 0; i < faces.size(); i++) {
        double iou = iou(guess, faces.get(i).box());
        if (iou >= MIN_IOU) {
          pairs.add(new Pair(track, i, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
    boolean[] faceTaken = new boolean[faces.size()];
    List<Track> seen = new ArrayList<>();
    for (Pair p : pairs) {
      if (faceTaken[p.face()] || seen.contains(p.track())) {
        continue;
      }
      faceTaken[p.face()] = true;
      seen.add(p.track());
      move(p.track(), faces.get(p.face()), t);
    }
    for (Track track : tracks) {
      if (seen.contains(track)) {
        track.missedSince = Double.NaN;
      } else if (Double.isNaN(track.missedSince)) {
        track.missedSince = t; // the first frame it was not in
      }
    }
    List<Track> appeared = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      if (!faceTaken[i]) {
        Track track = new Track(nextId++, faces.get(i), t);
        tracks.add(track);
        appeared.add(track);
        seen.add(track);
      }
    }
    return new Step(appeared, seen, left);
  }

  /** Every track still followed, oldest first. */
  List<Track> tracks() {
    return List.copyOf(tracks);
  }

  /** Ends every track (the video ended): they have all left. */
  List<Track> endAll() {
    List<Track> all = List.copyOf(tracks);
    tracks.clear();
    return all;
  }

  private static void move(Track track, Face face, double t) {
    double dt = t - track.lastSeen;
    Box b = face.box();
    if (dt > 0) {
      double vx = (b.x() - track.box.x()) / dt;
      double vy = (b.y() - track.box.y()) / dt;
      track.vx = (track.vx + vx) / 2; // smoothed: a detector's box jitters from frame to frame
      track.vy = (track.vy + vy) / 2;
    }
    track.box = b;
    track.face = face;
    track.lastSeen = t;
  }

  /** Intersection over union of two boxes; 0 when they do not overlap. */
  static double iou(Box a, Box b) {
    double w = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
    double h = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = w * h;
    return inter / (a.area() + b.area() - inter);
  }
}
