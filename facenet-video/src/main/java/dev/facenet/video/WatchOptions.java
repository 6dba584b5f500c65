package dev.facenet.video;

/**
 * How {@link Watcher} looks at a video.
 *
 * @param every look for faces in every k-th frame (1: every frame); the others are only counted
 *     (and drawn with the last boxes)
 * @param recheckSeconds a followed face is recognised again after this long, even without a better
 *     view
 * @param betterBy a view counts as better when its quality score is this much above the best one
 *     the face was recognised from (larger, sharper, more frontal)
 * @param leaveAfter seconds a face may go unseen before it has left (and never less than two and a
 *     half searches' time apart, so that one missed detection does not end a track)
 * @param maxSeconds stop after this many seconds of video (0: to the end, or until stopped)
 * @param reconnects how many times in a row a live stream that stopped is opened again (waiting 0.5
 *     s, then twice as long each time, up to 8 s) before watching fails
 */
public record WatchOptions(
    int every,
    double recheckSeconds,
    double betterBy,
    double leaveAfter,
    double maxSeconds,
    int reconnects,
    double timeout) {

  public static final double DEFAULT_RECHECK_SECONDS = 5;
  public static final double DEFAULT_BETTER_BY = 0.1;
  public static final double DEFAULT_LEAVE_AFTER = 0.5;
  public static final int DEFAULT_RECONNECTS = 10;
  public static final double DEFAULT_TIMEOUT = 10;

  public WatchOptions {
    if (every < 1) {
      throw new IllegalArgumentException("look at every k-th frame, k at least 1: " + every);
    }
    if (!(recheckSeconds > 0) || !(leaveAfter > 0) || !(betterBy >= 0) || !(maxSeconds >= 0)) {
      throw new IllegalArgumentException("times must be positive");
    }
    if (!(timeout > 0)) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    if (reconnects < 0) {
      throw new IllegalArgumentException("reconnects must be 0 or more: " + reconnects);
    }
  }

  /** Every frame, the defaults for the rest. */
  public static WatchOptions defaults() {
    return new WatchOptions(
        1,
        DEFAULT_RECHECK_SECONDS,
        DEFAULT_BETTER_BY,
        DEFAULT_LEAVE_AFTER,
        0,
        DEFAULT_RECONNECTS,
        DEFAULT_TIMEOUT);
  }

  public WatchOptions withEvery(int k) {
    return new WatchOptions(
        k, recheckSeconds, betterBy, leaveAfter, maxSeconds, reconnects, timeout);
  }

  public WatchOptions withMaxSeconds(double s) {
    return new WatchOptions(every, recheckSeconds, betterBy, leaveAfter, s, reconnects, timeout);
  }

  public WatchOptions withRecheckSeconds(double s) {
    return new WatchOptions(every, s, betterBy, leaveAfter, maxSeconds, reconnects, timeout);
  }

  public WatchOptions withTimeout(double seconds) {
    return new WatchOptions(
        every, recheckSeconds, betterBy, leaveAfter, maxSeconds, reconnects, seconds);
  }

  public WatchOptions withReconnects(int n) {
    return new WatchOptions(every, recheckSeconds, betterBy, leaveAfter, maxSeconds, n, timeout);
  }
}
