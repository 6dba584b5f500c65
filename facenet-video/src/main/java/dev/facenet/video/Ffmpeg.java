package dev.facenet.video;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg as this package uses it: its own log kept to errors, so it does not talk on stderr. */
final class Ffmpeg {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private Ffmpeg() {}

  /** Makes sure FFmpeg was set up (the class's first use does it). */
  static void ready() {}
}
