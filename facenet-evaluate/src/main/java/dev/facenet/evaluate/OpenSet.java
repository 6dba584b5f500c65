package dev.facenet.evaluate;

import dev.facenet.Match;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Computes {@link OpenSetReport}: the half-enrolled, half-strangers protocol, repeated over seeded
 * splits until there are enough non-mated searches to read FPIR 0.1%.
 */
public final class OpenSet {

  /** The FPIRs that FNIR is reported at, as NIST reports them. */
  public static final List<Double> FPIRS = List.of(0.01, 0.001);

  /** Non-mated searches wanted in all (enough to see two false alarms at FPIR 0.1%). */
  static final int WANTED_NON_MATED = 2000;

  /** The fewest people the protocol works with: two enrolled and two strangers. */
  public static final int MIN_PEOPLE = 4;

  /** At most this many splits, however small the dataset. */
  static final int MAX_SPLITS = 200;

  private OpenSet() {}

  /**
   * One search's outcome: the nearest two enrolled people's distances, and whether the nearest is
   * the mate.
   */
  private record Search(boolean mated, boolean nearestIsMate, double first, double second) {}

  /**
   * The open-set figures of {@code dataset}, with the decisions at each of {@code thresholds}
   * without and with {@code margin}; the splits are shuffled with {@code seed}, {@code seed + 1},
   * ...
   */
  public static OpenSetReport measure(
      Dataset dataset, EncodingTable encodings, List<Double> thresholds, double margin, long seed) {
    List<Dataset.Person> people = dataset.people();
    if (people.size() < MIN_PEOPLE) {
      throw new FaceNetException(
          dataset.root()
              + ": open-set identification needs at least 4 people (2 enrolled, 2 strangers), found "
              + people.size());
    }
    int enrolled = people.size() / 2;
    // About half the pictures are strangers' in each split.
    int perSplit = Math.max(1, dataset.size() / 2);
    int splits = Math.min(MAX_SPLITS, (WANTED_NON_MATED + perSplit - 1) / perSplit);
    List<Search> searches = new ArrayList<>();
    for (int s = 0; s < splits; s++) {
      List<Dataset.Person> shuffled = new ArrayList<>(people);
      Collections.shuffle(shuffled, new Random(seed + s));
      List<Dataset.Person> gallery = shuffled.subList(0, enrolled);
      for (int i = 0; i < shuffled.size(); i++) {
        Dataset.Person p = shuffled.get(i);
        boolean mated = i < enrolled;
        List<Picture> probes = mated ? p.pictures().subList(1, p.pictures().size()) : p.pictures();
        for (Picture probe : probes) {
          TwoNearest n = twoNearest(gallery, encodings, encodings.get(probe.path()));
          searches.add(new Search(mated, n.name().equals(p.name()), n.first(), n.second()));
        }
      }
    }
    double[] strangers =
        searches.stream().filter(x -> !x.mated()).mapToDouble(Search::first).sorted().toArray();
    List<Search> mated = searches.stream().filter(Search::mated).toList();
    if (mated.isEmpty()) {
      throw new FaceNetException(dataset.root() + ": nobody has a second picture to search with");
    }
    List<OpenSetReport.AtFpir> atFpir = new ArrayList<>();
    for (double target : FPIRS) {
      atFpir.add(atFpir(target, strangers, mated));
    }
    List<OpenSetReport.AtThreshold> decisions = new ArrayList<>();
    for (double t : thresholds) {
      decisions.add(
          new OpenSetReport.AtThreshold(t, decide(searches, t, 0), decide(searches, t, margin)));
    }
    return new OpenSetReport(
        splits,
        enrolled,
        people.size() - enrolled,
        mated.size(),
        strangers.length,
        atFpir,
        margin,
        decisions);
  }

  /**
   * The largest threshold whose FPIR is at most {@code target}: with the strangers' nearest
   * distances sorted, {@code floor(target * N)} of them may fall under it.
   */
  private static OpenSetReport.AtFpir atFpir(
      double target, double[] strangers, List<Search> mated) {
    int n = strangers.length;
    int allowed = (int) Math.floor(target * n);
    double t = allowed >= n ? Double.POSITIVE_INFINITY : strangers[allowed];
    int under = 0;
    while (under < n && strangers[under] < t) {
      under++;
    }
    long missed = mated.stream().filter(m -> !m.nearestIsMate() || !(m.first() < t)).count();
    return new OpenSetReport.AtFpir(
        target, t, (double) under / n, (double) missed / mated.size(), n * target >= 1);
  }

  private static OpenSetReport.Decisions decide(
      List<Search> searches, double threshold, double margin) {
    int right = 0;
    int wrong = 0;
    int rejected = 0;
    int matedAmbiguous = 0;
    int nonMated = 0;
    int named = 0;
    int nonMatedAmbiguous = 0;
    for (Search s : searches) {
      boolean under = s.first() < threshold;
      boolean ambiguous = Match.isAmbiguous(s.first(), s.second(), threshold, margin);
      if (s.mated()) {
        if (!under) {
          rejected++;
        } else if (ambiguous) {
          matedAmbiguous++;
        } else if (s.nearestIsMate()) {
          right++;
        } else {
          wrong++;
        }
      } else {
        nonMated++;
        if (ambiguous) {
          nonMatedAmbiguous++;
        } else if (under) {
          named++;
        }
      }
    }
    return new OpenSetReport.Decisions(
        right, wrong, rejected, matedAmbiguous, nonMated, named, nonMatedAmbiguous);
  }

  /** The nearest enrolled person and distance, and the second-nearest person's distance. */
  record TwoNearest(String name, double first, double second) {}

  /** Searches a gallery of each person's first picture. */
  static TwoNearest twoNearest(
      List<Dataset.Person> gallery, EncodingTable encodings, Embedding probe) {
    String best = null;
    double first = Double.POSITIVE_INFINITY;
    double second = Double.POSITIVE_INFINITY;
    for (Dataset.Person g : gallery) {
      double d = probe.distanceTo(encodings.get(g.pictures().get(0).path()));
      if (d < first) {
        second = first;
        first = d;
        best = g.name();
      } else if (d < second) {
        second = d;
      }
    }
    return new TwoNearest(best, first, second);
  }
}
