package dev.facenet.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A verification protocol: {@code folds} folds, each of {@code perFold} same-person pairs followed
 * by {@code perFold} different-person pairs (the layout of LFW's pairs.txt), over pictures under
 * one folder.
 */
public record Pairs(int folds, int perFold, List<ImagePair> pairs) {
  public Pairs {
    pairs = List.copyOf(pairs);
  }

  /** The pairs of one fold (0-based), in order. */
  public List<ImagePair> fold(int k) {
    List<ImagePair> out = new ArrayList<>();
    for (ImagePair p : pairs) {
      if (p.fold() == k) {
        out.add(p);
      }
    }
    return out;
  }

  /** Every picture the pairs name, once each, in first-use order. */
  public List<Path> pictures() {
    Set<Path> seen = new LinkedHashSet<>();
    for (ImagePair p : pairs) {
      seen.add(p.first().path());
      seen.add(p.second().path());
    }
    return List.copyOf(seen);
  }

  public int size() {
    return pairs.size();
  }
}
