package dev.facenet;

import java.util.Optional;

/**
 * The answer to "who is this?": the nearest known person and the distance to them, or no one when
 * even the nearest is farther than the threshold (the seed's "Not in the database"). {@code
 * nearest} names the closest person either way, for callers that want to show it.
 */
public record Match(String name, String nearest, double distance, double threshold) {

  /** A recognition result: {@code name} is {@code nearest} when within the threshold, else null. */
  public static Match of(String nearest, double distance, double threshold) {
    return new Match(distance < threshold ? nearest : null, nearest, distance, threshold);
  }

  public boolean known() {
    return name != null;
  }

  public Optional<String> person() {
    return Optional.ofNullable(name);
  }
}
