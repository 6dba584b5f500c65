package dev.facenet.video;

import dev.facenet.common.Box;

/**
 * Something that happened to a followed face, at {@code t} seconds into the video: it appeared, it
 * was recognised (as {@code name}, null when it is no one the gallery knows, at {@code distance}),
 * or it left. {@code name} and {@code distance} are the track's latest answer in every event.
 */
public record WatchEvent(
    double t, int track, Kind event, String name, Double distance, Box box, Double quality) {

  /** What happened. */
  public enum Kind {
    APPEARED("appeared"),
    RECOGNIZED("recognized"),
    LEFT("left");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** The word events are written with. */
    public String word() {
      return word;
    }
  }
}
