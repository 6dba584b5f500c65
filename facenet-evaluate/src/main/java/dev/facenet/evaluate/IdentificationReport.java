package dev.facenet.evaluate;

import java.util.List;

/**
 * Identification figures of a folder-per-person dataset, with the first picture of each person as
 * the gallery and the others as probes.
 *
 * <ul>
 *   <li>closed set (everyone in the gallery): rank-1 accuracy, the share of probes whose nearest
 *       gallery picture is of the right person;
 *   <li>open set ({@code leftOut} people left out of the gallery): the share of the left-out
 *       people's pictures correctly rejected (nearest distance not under the threshold), and the
 *       share of the other probes recognised as the right person under the threshold.
 * </ul>
 */
public record IdentificationReport(
    int galleryPeople,
    int probes,
    int rank1Correct,
    List<String> leftOut,
    int unknownProbes,
    int rejected,
    int knownProbes,
    int knownAccepted,
    double threshold) {

  public IdentificationReport {
    leftOut = List.copyOf(leftOut);
  }

  /** Share of closed-set probes whose nearest gallery person is right. */
  public double rank1() {
    return probes == 0 ? Double.NaN : (double) rank1Correct / probes;
  }

  /** Share of left-out people's pictures rejected; NaN when nobody was left out. */
  public double rejectionRate() {
    return unknownProbes == 0 ? Double.NaN : (double) rejected / unknownProbes;
  }

  /** Share of open-set probes of gallery people recognised as themselves under the threshold. */
  public double openSetAccuracy() {
    return knownProbes == 0 ? Double.NaN : (double) knownAccepted / knownProbes;
  }
}
