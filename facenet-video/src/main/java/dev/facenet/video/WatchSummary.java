package dev.facenet.video;

import java.util.List;

/**
 * What watching a video saw, when it ends: who was seen and from when to when, and how fast the
 * frames went.
 *
 * @param people each person recognised (by name) or not (null), with the span of their sightings,
 *     in order of first appearance
 * @param framesRead frames decoded
 * @param framesSearched frames searched for faces ({@link WatchOptions#every})
 * @param framesDropped frames of a live source dropped because the work fell behind
 * @param videoSeconds the stretch of video watched
 * @param wallSeconds how long watching took
 * @param reconnects times a live stream was opened again
 */
public record WatchSummary(
    List<Seen> people,
    long framesRead,
    long framesSearched,
    long framesDropped,
    double videoSeconds,
    double wallSeconds,
    int reconnects) {

  public WatchSummary {
    people = List.copyOf(people);
  }

  /** One person (or an unknown face's track), from their first sighting to their last. */
  public record Seen(String name, double from, double to, int tracks) {}

  /** Frames decoded per second of work. */
  public double framesPerSecond() {
    return wallSeconds > 0 ? framesRead / wallSeconds : Double.NaN;
  }

  /** Seconds of video per second of work: 1 or more keeps up with a live source. */
  public double realTimeFactor() {
    return wallSeconds > 0 ? videoSeconds / wallSeconds : Double.NaN;
  }
}
