package dev.facenet;

import dev.facenet.common.Neighbour;
import java.util.List;
import java.util.Optional;

/**
 * The answer to "who is this?": the nearest known person and the distance to them, or no one when
 * even the nearest is farther than the threshold (the seed's "Not in the database"), or when the
 * answer is ambiguous. {@code nearest} names the closest person either way, for callers that want
 * to show it; {@code candidates} holds the nearest people asked for ({@code recognize --top K}),
 * nearest first.
 *
 * <p>A face that two people both match, at nearly the same distance, is {@code ambiguous}: naming
 * either would be a guess (a sibling, a look-alike, a poor picture), so {@code name} is null and
 * {@code candidates} holds at least the two. {@code margin} is how much farther the second-nearest
 * person is than the nearest (null when the gallery knows one person only): a small margin is a
 * close call even when it is not ambiguous.
 *
 * @param margin the second-nearest person's distance minus the nearest's; null without a second
 * @param ambiguous true when the nearest two people are both under the threshold and closer to each
 *     other than the margin the search was given
 */
public record Match(
    String name,
    String nearest,
    double distance,
    double threshold,
    Double margin,
    boolean ambiguous,
    List<Neighbour> candidates) {

  public Match {
    candidates = List.copyOf(candidates);
  }

  /**
   * A recognition result from the nearest people found, nearest first: {@code name} is the
   * nearest's when within the threshold and not ambiguous (the second-nearest also within the
   * threshold and less than {@code ambiguityMargin} farther), else null. {@code top} of them are
   * kept as candidates, two at least when ambiguous.
   */
  public static Match of(
      List<Neighbour> nearestPeople, double threshold, double ambiguityMargin, int top) {
    Neighbour best = nearestPeople.get(0);
    Neighbour second = nearestPeople.size() > 1 ? nearestPeople.get(1) : null;
    Double margin = second == null ? null : second.distance() - best.distance();
    boolean ambiguous =
        second != null
            && isAmbiguous(best.distance(), second.distance(), threshold, ambiguityMargin);
    int kept = Math.min(nearestPeople.size(), Math.max(top, ambiguous ? 2 : 1));
    return new Match(
        best.distance() < threshold && !ambiguous ? best.name() : null,
        best.name(),
        best.distance(),
        threshold,
        margin,
        ambiguous,
        nearestPeople.subList(0, kept));
  }

  /**
   * The rule for an ambiguous answer, shared by recognition and its evaluation: the nearest and the
   * second-nearest person both under {@code threshold}, and less than {@code margin} apart.
   */
  public static boolean isAmbiguous(
      double nearest, double second, double threshold, double margin) {
    return nearest < threshold && second < threshold && second - nearest < margin;
  }

  public boolean known() {
    return name != null;
  }

  public Optional<String> person() {
    return Optional.ofNullable(name);
  }
}
