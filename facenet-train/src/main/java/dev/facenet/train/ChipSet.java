package dev.facenet.train;

import dev.facenet.common.FaceNetException;
import dev.facenet.image.ImageLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The face chips of a training data set, decoded and cut once and kept in memory as bytes (a chip
 * is a picture; 27 KB at 96 px), and on disk between runs through a {@link ChipCache}. Pictures
 * that cannot be decoded are skipped and counted; people left with a single picture are skipped
 * with a warning, since they give no positive for the triplet loss.
 */
public final class ChipSet {

  /** One chip: where it came from and its pixels, channels-first RGB bytes (3 x size x size). */
  public record Chip(Path source, byte[] pixels) {}

  /** One person and their chips (at least two). */
  public record Identity(String name, List<Chip> chips) {
    public Identity {
      chips = List.copyOf(chips);
    }
  }

  private final int size;
  private final String crop;
  private final List<Identity> identities;
  private final List<String> skippedPeople;
  private final List<Path> unreadable;
  private final List<Path> wholePictures;

  private ChipSet(
      int size,
      String crop,
      List<Identity> identities,
      List<String> skippedPeople,
      List<Path> unreadable,
      List<Path> wholePictures) {
    this.size = size;
    this.crop = crop;
    this.identities = List.copyOf(identities);
    this.skippedPeople = List.copyOf(skippedPeople);
    this.unreadable = List.copyOf(unreadable);
    this.wholePictures = List.copyOf(wholePictures);
  }

  /**
   * Decodes and cuts every picture of {@code people}; {@code warn} hears about each skipped picture
   * and person.
   *
   * @throws FaceNetException when fewer than two people with two readable pictures remain
   */
  public static ChipSet load(
      Path root, List<PersonPictures> people, ChipMaker maker, int size, Consumer<String> warn) {
    return load(root, people, maker, size, warn, null);
  }

  /**
   * As {@link #load(Path, List, ChipMaker, int, Consumer)}, taking each chip from {@code cache}
   * when it holds one for the picture's exact bytes and storing the chips it cuts there ({@code
   * cache} may be null).
   */
  public static ChipSet load(
      Path root,
      List<PersonPictures> people,
      ChipMaker maker,
      int size,
      Consumer<String> warn,
      ChipCache cache) {
    List<Identity> ids = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Path> bad = new ArrayList<>();
    List<Path> whole = new ArrayList<>();
    for (PersonPictures p : people) {
      List<Chip> chips = new ArrayList<>();
      for (Path f : p.files()) {
        try {
          ChipCache.Key key = cache == null ? null : cache.key(f);
          ChipCache.Entry stored = key == null ? null : cache.get(key);
          byte[] pixels;
          boolean wholePicture;
          if (stored != null) {
            pixels = stored.pixels();
            wholePicture = stored.wholePicture();
          } else {
            ChipMaker.Cut cut = maker.cut(ImageLoader.load(f), size);
            pixels = toBytes(cut.pixels());
            wholePicture = cut.wholePicture();
            if (key != null) {
              cache.put(key, pixels, wholePicture);
            }
          }
          if (wholePicture) {
            whole.add(f);
          }
          chips.add(new Chip(f, pixels));
        } catch (FaceNetException e) {
          bad.add(f);
          warn.accept("skipped a picture: " + e.getMessage());
        }
      }
      if (chips.size() < 2) {
        skipped.add(p.name());
        warn.accept(
            "skipped "
                + p.name()
                + ": "
                + chips.size()
                + " readable picture"
                + (chips.size() == 1 ? "" : "s")
                + " (the triplet loss needs at least 2 of a person)");
      } else {
        ids.add(new Identity(p.name(), chips));
      }
    }
    if (ids.size() < 2) {
      throw new FaceNetException(
          root
              + ": training needs at least 2 people with 2 or more readable pictures each; found "
              + ids.size()
              + " ("
              + people.size()
              + " folder"
              + (people.size() == 1 ? "" : "s")
              + ", "
              + bad.size()
              + " unreadable picture"
              + (bad.size() == 1 ? "" : "s")
              + ")");
    }
    if (!whole.isEmpty()) {
      warn.accept(
          "no face found in "
              + whole.size()
              + " picture"
              + (whole.size() == 1 ? "" : "s")
              + ": the whole picture stands in for the face (first: "
              + whole.get(0)
              + ")");
    }
    return new ChipSet(size, maker.crop(), ids, skipped, bad, whole);
  }

  /** Reads a folder-per-person data set (see {@link DatasetFolder}) into chips. */
  public static ChipSet read(Path root, ChipMaker maker, int size, Consumer<String> warn) {
    return load(root, DatasetFolder.scan(root), maker, size, warn);
  }

  /**
   * Reads a folder-per-person data set into chips through {@code cache} (see {@link ChipCache}),
   * and saves the cache afterwards (not when the data turn out unusable: a run that fails there
   * leaves no file behind).
   */
  public static ChipSet read(
      Path root, ChipMaker maker, int size, Consumer<String> warn, ChipCache cache) {
    ChipSet set = load(root, DatasetFolder.scan(root), maker, size, warn, cache);
    cache.save();
    return set;
  }

  private static byte[] toBytes(float[] chip) {
    byte[] out = new byte[chip.length];
    for (int i = 0; i < chip.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(chip[i])));
    }
    return out;
  }

  /** A chip set with only the given people (same chips, same size and crop). */
  ChipSet subset(List<Identity> people) {
    List<Path> whole = new ArrayList<>();
    people.forEach(
        p ->
            p.chips()
                .forEach(
                    c -> {
                      if (wholePictures.contains(c.source())) {
                        whole.add(c.source());
                      }
                    }));
    return new ChipSet(size, crop, people, Collections.emptyList(), Collections.emptyList(), whole);
  }

  public int size() {
    return size;
  }

  public String crop() {
    return crop;
  }

  public List<Identity> identities() {
    return identities;
  }

  public List<String> skippedPeople() {
    return skippedPeople;
  }

  public List<Path> unreadable() {
    return unreadable;
  }

  /**
   * Pictures where no face was found, so the whole picture stands in for the face (aligned chips
   * only).
   */
  public List<Path> wholePictures() {
    return wholePictures;
  }

  /** Number of chips over all people. */
  public int chipCount() {
    return identities.stream().mapToInt(i -> i.chips().size()).sum();
  }

  /** The people's names, in order. */
  List<String> names() {
    return identities.stream().map(Identity::name).toList();
  }

  /** For every chip, in order, the index of its person (its label for verification pairs). */
  int[] labels() {
    int[] labels = new int[chipCount()];
    int k = 0;
    for (int i = 0; i < identities.size(); i++) {
      for (int j = 0; j < identities.get(i).chips().size(); j++) {
        labels[k++] = i;
      }
    }
    return labels;
  }
}
