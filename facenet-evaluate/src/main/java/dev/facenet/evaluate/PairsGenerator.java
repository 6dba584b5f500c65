package dev.facenet.evaluate;

import dev.facenet.common.FaceNetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Makes an LFW-style verification protocol for any folder-per-person dataset: {@code folds} folds
 * of {@code perFold} same-person and {@code perFold} different-person pairs, no pair twice, the
 * same file for the same dataset and seed on every machine ({@link java.util.Random} is specified
 * exactly).
 *
 * <p>As in LFW, the folds are made of different people when the dataset has enough of them (each
 * fold then tests the threshold on people it was not chosen on). A dataset with too few people for
 * that (Yale's 15 in 10 folds) gets pairs drawn from everyone and dealt out to the folds, and
 * {@link Result#disjointPeople()} says so. Without a given size, a fold holds as many pairs as the
 * dataset allows, at most LFW's 300.
 */
public final class PairsGenerator {
  /** LFW's fold size, the most a fold gets when no size is asked for. */
  public static final int DEFAULT_PER_FOLD = 300;

  public static final int DEFAULT_FOLDS = 10;

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  private PairsGenerator() {}

  /** The pairs made, and whether each fold's pairs are of people no other fold has. */
  public record Result(Pairs pairs, boolean disjointPeople) {}

  /**
   * Generates the protocol.
   *
   * @param perFold pairs of each kind per fold, or 0 for as many as the dataset allows (at most
   *     300)
   */
  public static Result generate(Dataset dataset, int folds, int perFold, long seed) {
    if (folds < 1) {
      throw new FaceNetException("the number of folds must be 1 or more, got " + folds);
    }
    if (perFold < 0) {
      throw new FaceNetException("pairs per fold must be 1 or more, got " + perFold);
    }
    dataset.requireVerifiable();
    Random rnd = new Random(seed);
    List<Dataset.Person> people = new ArrayList<>(dataset.people());
    Collections.shuffle(people, rnd);

    // Folds of their own people: deal the shuffled people out round-robin.
    List<List<Dataset.Person>> groups = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < people.size(); i++) {
      groups.get(i % folds).add(people.get(i));
    }
    long disjointCapacity = Long.MAX_VALUE;
    for (List<Dataset.Person> g : groups) {
      disjointCapacity = Math.min(disjointCapacity, Math.min(samePairs(g), differentPairs(g)));
    }
    long mixedCapacity = Math.min(samePairs(people), differentPairs(people)) / folds;

    boolean disjoint = disjointCapacity >= 1 && (perFold == 0 || perFold <= disjointCapacity);
    long capacity = disjoint ? disjointCapacity : mixedCapacity;
    int n = perFold == 0 ? (int) Math.min(DEFAULT_PER_FOLD, capacity) : perFold;
    if (n < 1 || n > capacity) {
      throw new FaceNetException(
          dataset.root()
              + ": "
              + dataset.people().size()
              + " people with "
              + dataset.size()
              + " pictures give at most "
              + Math.max(disjointCapacity, mixedCapacity)
              + " pairs of each kind per fold in "
              + folds
              + " folds"
              + (perFold > 0 ? ", not " + perFold : ""));
    }

    List<ImagePair> out = new ArrayList<>();
    if (disjoint) {
      for (int k = 0; k < folds; k++) {
        addFold(out, sample(groups.get(k), n, true, rnd), sample(groups.get(k), n, false, rnd), k);
      }
    } else {
      List<Picture[]> same = sample(people, (long) n * folds, true, rnd);
      List<Picture[]> diff = sample(people, (long) n * folds, false, rnd);
      for (int k = 0; k < folds; k++) {
        addFold(out, same.subList(k * n, (k + 1) * n), diff.subList(k * n, (k + 1) * n), k);
      }
    }
    return new Result(new Pairs(folds, n, out), disjoint);
  }

  private static void addFold(
      List<ImagePair> out, List<Picture[]> same, List<Picture[]> diff, int fold) {
    for (Picture[] p : same) {
      out.add(new ImagePair(p[0], p[1], true, fold, 0));
    }
    for (Picture[] p : diff) {
      out.add(new ImagePair(p[0], p[1], false, fold, 0));
    }
  }

  static long samePairs(List<Dataset.Person> people) {
    long s = 0;
    for (Dataset.Person p : people) {
      long m = p.pictures().size();
      s += m * (m - 1) / 2;
    }
    return s;
  }

  static long differentPairs(List<Dataset.Person> people) {
    long all = 0;
    long total = 0;
    for (Dataset.Person p : people) {
      total += p.pictures().size();
    }
    all = total * (total - 1) / 2;
    return all - samePairs(people);
  }

  /**
   * {@code count} distinct pairs of one kind among these people's pictures, in random order. Small
   * pools are enumerated and shuffled; large ones sampled with rejection of repeats.
   */
  private static List<Picture[]> sample(
      List<Dataset.Person> people, long count, boolean same, Random rnd) {
    List<Picture> flat = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      for (Picture p : people.get(i).pictures()) {
        flat.add(p);
        owner.add(i);
      }
    }
    long available = same ? samePairs(people) : differentPairs(people);
    List<Picture[]> out = new ArrayList<>();
    if (available <= 2_000_000 || count * 2 > available) {
      List<long[]> all = new ArrayList<>();
      for (int i = 0; i < flat.size(); i++) {
        for (int j = i + 1; j < flat.size(); j++) {
          if (owner.get(i).equals(owner.get(j)) == same) {
            all.add(new long[] {i, j});
          }
        }
      }
      Collections.shuffle(all, rnd);
      for (int k = 0; k < count; k++) {
        long[] ij = all.get(k);
        out.add(new Picture[] {flat.get((int) ij[0]), flat.get((int) ij[1])});
      }
      return out;
    }
    Set<Long> seen = new HashSet<>();
    if (same) {
      // Pick a person in proportion to their number of pairs, then two of their pictures.
      long[] cumulative = new long[people.size()];
      long c = 0;
      for (int i = 0; i < people.size(); i++) {
        long m = people.get(i).pictures().size();
        c += m * (m - 1) / 2;
        cumulative[i] = c;
      }
      int[] start = new int[people.size()];
      for (int i = 1; i < people.size(); i++) {
        start[i] = start[i - 1] + people.get(i - 1).pictures().size();
      }
      while (out.size() < count) {
        long r = (long) (rnd.nextDouble() * c);
        int who = 0;
        while (cumulative[who] <= r) {
          who++;
        }
        int m = people.get(who).pictures().size();
        int a = start[who] + rnd.nextInt(m);
        int b = start[who] + rnd.nextInt(m);
        addIfNew(out, seen, flat, a, b);
      }
    } else {
      while (out.size() < count) {
        int a = rnd.nextInt(flat.size());
        int b = rnd.nextInt(flat.size());
        if (!owner.get(a).equals(owner.get(b))) {
          addIfNew(out, seen, flat, a, b);
        }
      }
    }
    return out;
  }

  private static void addIfNew(
      List<Picture[]> out, Set<Long> seen, List<Picture> flat, int a, int b) {
    if (a == b) {
      return;
    }
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    if (seen.add(((long) lo << 32) | hi)) {
      out.add(new Picture[] {flat.get(lo), flat.get(hi)});
    }
  }
}
