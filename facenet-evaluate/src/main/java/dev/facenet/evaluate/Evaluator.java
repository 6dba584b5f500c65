package dev.facenet.evaluate;

import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Runs an evaluation end to end: encodes each picture once, in batches, then computes the
 * verification figures of a pairs protocol and, for a folder-per-person dataset, the identification
 * figures too.
 */
public final class Evaluator {
  /** Pictures per call to the encoder. */
  public static final int DEFAULT_BATCH = FaceNet.BATCH;

  private final BatchEncoder encoder;
  private final int batch;
  private final Progress progress;

  public Evaluator(BatchEncoder encoder, int batch, Progress progress) {
    this.encoder = encoder;
    this.batch = batch;
    this.progress = progress;
  }

  public Evaluator(BatchEncoder encoder) {
    this(encoder, DEFAULT_BATCH, Progress.none());
  }

  /** Encodes the pictures of a pairs protocol. */
  public EncodingTable encode(Pairs pairs) {
    return EncodingTable.compute(pairs.pictures(), encoder, batch, progress);
  }

  /** Verification figures of a pairs protocol. */
  public VerificationReport verify(Pairs pairs) {
    return verify(pairs, encode(pairs));
  }

  /** Verification figures of a pairs protocol from encodings already made. */
  public static VerificationReport verify(Pairs pairs, EncodingTable encodings) {
    List<List<ScoredPair>> folds = new ArrayList<>();
    for (int k = 0; k < pairs.folds(); k++) {
      folds.add(new ArrayList<>());
    }
    List<ScoredPair> all = new ArrayList<>(pairs.size());
    for (ImagePair p : pairs.pairs()) {
      ScoredPair s =
          new ScoredPair(encodings.distance(p.first().path(), p.second().path()), p.same());
      folds.get(p.fold()).add(s);
      all.add(s);
    }
    Set<Path> used = new HashSet<>(pairs.pictures());
    List<Path> noFace = encodings.noFace().stream().filter(used::contains).toList();
    KFold.Result kfold = KFold.evaluate(folds);
    return new VerificationReport(
        kfold,
        Roc.of(all),
        all.size(),
        noFace,
        QualityBands.of(pairs.pairs(), all, encodings, kfold.meanThreshold()));
  }

  /**
   * Everything about a folder-per-person dataset: verification over generated pairs, then
   * identification at the verification's threshold, with {@code leaveOut} people (chosen with the
   * seed) left out of the open-set gallery. Every picture of the dataset is encoded once.
   */
  public DatasetReport evaluate(Dataset dataset, int folds, int perFold, long seed, int leaveOut) {
    return evaluate(
        dataset, PairsGenerator.generate(dataset, folds, perFold, seed), seed, leaveOut);
  }

  /** As {@link #evaluate(Dataset, int, int, long, int)}, with the pairs already generated. */
  public DatasetReport evaluate(
      Dataset dataset, PairsGenerator.Result generated, long seed, int leaveOut) {
    return evaluate(
        dataset,
        generated,
        seed,
        leaveOut,
        new Decisions(FaceNet.DEFAULT_THRESHOLD, FaceNet.DEFAULT_AMBIGUITY_MARGIN));
  }

  /**
   * How the facade being evaluated decides: the threshold it uses when none is given, and its
   * ambiguity margin. The open-set decisions are shown at that threshold (besides the one the
   * evaluation chooses), without and with the margin.
   */
  public record Decisions(double threshold, double margin) {}

  /**
   * As {@link #evaluate(Dataset, PairsGenerator.Result, long, int)}, with the open-set decisions
   * made as {@code decisions} says.
   */
  public DatasetReport evaluate(
      Dataset dataset,
      PairsGenerator.Result generated,
      long seed,
      int leaveOut,
      Decisions decisions) {
    List<Path> all = dataset.pictures().stream().map(Picture::path).toList();
    EncodingTable table = EncodingTable.compute(all, encoder, batch, progress);
    VerificationReport v = verify(generated.pairs(), table);
    IdentificationReport id = identify(dataset, table, v.threshold(), leaveOut, seed);
    OpenSetReport openSet =
        dataset.people().size() < OpenSet.MIN_PEOPLE
            ? null
            : OpenSet.measure(
                dataset,
                table,
                operatingThresholds(v.threshold(), decisions.threshold()),
                decisions.margin(),
                seed);
    return new DatasetReport(
        generated, v, id, openSet, diagnose(dataset, table, v.threshold()), table);
  }

  /**
   * The thresholds the open-set decisions are shown at: the one this evaluation chose, and the one
   * the facade uses (its default, unless the gallery was calibrated).
   */
  static List<Double> operatingThresholds(double chosen, double usual) {
    return chosen == usual ? List.of(chosen) : List.of(chosen, usual);
  }

  /** The diagnosis over every picture of every person of {@code dataset}, at {@code threshold}. */
  static VerificationDiagnosis diagnose(
      Dataset dataset, EncodingTable encodings, double threshold) {
    List<Dataset.Person> people = dataset.people();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int p = 0; p < people.size(); p++) {
      for (Picture picture : people.get(p).pictures()) {
        rows.add(encodings.get(picture.path()).values());
        labels.add(p);
      }
    }
    return VerificationDiagnosis.of(
        rows.toArray(float[][]::new),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        people.stream().map(Dataset.Person::name).toList(),
        threshold);
  }

  /**
   * The number of people left out of the open-set gallery when none is asked for: a fifth, at least
   * one.
   */
  public static int defaultLeaveOut(Dataset dataset) {
    int n = dataset.people().size();
    return n < 3 ? 0 : Math.max(1, Math.round(n / 5f));
  }

  /**
   * Identification with the first picture of each person as the gallery and the rest as probes
   * (closed set, rank-1), then with {@code leaveOut} people left out of the gallery (open set, at
   * {@code threshold}).
   */
  public static IdentificationReport identify(
      Dataset dataset, EncodingTable encodings, double threshold, int leaveOut, long seed) {
    List<Dataset.Person> people = dataset.people();
    if (leaveOut < 0 || leaveOut > people.size() - 1) {
      throw new FaceNetException(
          "cannot leave "
              + leaveOut
              + " of "
              + people.size()
              + " people out of the gallery"
              + " (at most "
              + (people.size() - 1)
              + ")");
    }
    // Closed set.
    List<Dataset.Person> gallery = people;
    int probes = 0;
    int rank1 = 0;
    for (Dataset.Person p : people) {
      for (Picture probe : p.pictures().subList(1, p.pictures().size())) {
        probes++;
        if (OpenSet.twoNearest(gallery, encodings, encodings.get(probe.path()))
            .name()
            .equals(p.name())) {
          rank1++;
        }
      }
    }
    if (probes == 0) {
      throw new FaceNetException(
          dataset.root() + ": nobody has a second picture to use as a probe");
    }
    // Open set.
    List<Dataset.Person> shuffled = new ArrayList<>(people);
    Collections.shuffle(shuffled, new Random(seed));
    Set<String> unknown = new HashSet<>();
    List<String> leftOut = new ArrayList<>();
    for (Dataset.Person p : shuffled.subList(0, leaveOut)) {
      unknown.add(p.name());
    }
    for (Dataset.Person p : people) {
      if (unknown.contains(p.name())) {
        leftOut.add(p.name());
      }
    }
    List<Dataset.Person> known = people.stream().filter(p -> !unknown.contains(p.name())).toList();
    int unknownProbes = 0;
    int rejected = 0;
    int knownProbes = 0;
    int knownAccepted = 0;
    for (Dataset.Person p : people) {
      boolean isUnknown = unknown.contains(p.name());
      List<Picture> ps = isUnknown ? p.pictures() : p.pictures().subList(1, p.pictures().size());
      for (Picture probe : ps) {
        OpenSet.TwoNearest n = OpenSet.twoNearest(known, encodings, encodings.get(probe.path()));
        boolean accepted = n.first() < threshold;
        if (isUnknown) {
          unknownProbes++;
          rejected += accepted ? 0 : 1;
        } else {
          knownProbes++;
          knownAccepted += accepted && n.name().equals(p.name()) ? 1 : 0;
        }
      }
    }
    return new IdentificationReport(
        people.size(),
        probes,
        rank1,
        leftOut,
        unknownProbes,
        rejected,
        knownProbes,
        knownAccepted,
        threshold);
  }
}
