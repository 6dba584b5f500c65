package dev.facenet;

import dev.facenet.common.Neighbour;
import java.util.List;
import java.util.Optional;

/**
 * The answer to "who is this?": the nearest known person and the distance to them, or no one when
 * even the nearest is farther than the threshold (the seed's "Not in the database"). {@code
 * nearest} names the closest person either way, for callers that want to show it; {@code
 * candidates} holds the nearest people asked for ({@code recognize --top K}), nearest first.
 */
public record Match(
    String name, String nearest, double distance, double threshold, List<Neighbour> candidates) {

  public Match {
    candidates = List.copyOf(candidates);
  }

  /** A recognition result: {@code name} is {@code nearest} when within the threshold, else null. */
  public static Match of(String nearest, double distance, double threshold) {
    return of(nearest, distance, threshold, List.of(new Neighbour(nearest, distance)));
  }

  /** As {@link #of(String, double, double)}, with the nearest people found, nearest first. */
  public static Match of(
      String nearest, double distance, double threshold, List<Neighbour> candidates) {
    return new Match(
        distance < threshold ? nearest : null, nearest, distance, threshold, candidates);
  }

  public boolean known() {
    return name != null;
  }

  public Optional<String> person() {
    return Optional.ofNullable(name);
  }
}
