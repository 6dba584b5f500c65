package dev.facenet.evaluate;

import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder-per-person dataset (the layout of LFW, ORL, Yale): each sub-folder is a person and holds
 * that person's pictures. People and pictures are kept in natural order ("2.pgm" before "10.pgm"),
 * so "the first picture of each person" and everything made from a seed are the same on every
 * machine.
 */
public record Dataset(Path root, List<Person> people) {
  /** File name endings read as pictures. */
  public static final Set<String> PICTURE_ENDINGS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "pgm", "ppm", "pnm", "pbm", "webp", "tif", "tiff");

  public Dataset {
    people = List.copyOf(people);
  }

  /** One person of the dataset and their pictures, in natural order. */
  public record Person(String name, List<Picture> pictures) {
    public Person {
      pictures = List.copyOf(pictures);
    }
  }

  /** Reads the folder's layout (not the pictures); people without pictures are left out. */
  public static Dataset scan(Path root) {
    if (!Files.exists(root)) {
      throw new FaceNetException(root + ": no such dataset folder");
    }
    if (!Files.isDirectory(root)) {
      throw new FaceNetException(
          root + ": not a folder (a dataset is a folder with one sub-folder per person)");
    }
    List<Person> people = new ArrayList<>();
    try {
      for (Path dir : sortedChildren(root)) {
        if (!Files.isDirectory(dir) || hidden(dir)) {
          continue;
        }
        String name = dir.getFileName().toString();
        List<Picture> pictures = new ArrayList<>();
        for (Path f : sortedChildren(dir)) {
          if (Files.isRegularFile(f) && !hidden(f) && isPicture(f)) {
            pictures.add(new Picture(name, f.getFileName().toString(), f));
          }
        }
        if (!pictures.isEmpty()) {
          people.add(new Person(name, pictures));
        }
      }
    } catch (IOException e) {
      throw new FaceNetException(root + ": cannot list it (" + e.getMessage() + ")", e);
    }
    if (people.isEmpty()) {
      throw new FaceNetException(
          root + ": empty dataset (expected one sub-folder of pictures per person)");
    }
    return new Dataset(root, people);
  }

  /** Every picture, person by person. */
  public List<Picture> pictures() {
    return people.stream().flatMap(p -> p.pictures().stream()).toList();
  }

  /** The dataset without the pictures {@code drop} picks, and without people left with none. */
  public Dataset without(java.util.function.Predicate<Picture> drop) {
    List<Person> kept = new ArrayList<>();
    for (Person p : people) {
      List<Picture> pictures = p.pictures().stream().filter(drop.negate()).toList();
      if (!pictures.isEmpty()) {
        kept.add(new Person(p.name(), pictures));
      }
    }
    if (kept.isEmpty()) {
      throw new FaceNetException(root + ": no picture is left");
    }
    return new Dataset(root, kept);
  }

  /** Number of pictures. */
  public int size() {
    return people.stream().mapToInt(p -> p.pictures().size()).sum();
  }

  /** Refuses datasets that cannot give both kinds of pairs. */
  public void requireVerifiable() {
    if (people.size() < 2) {
      throw new FaceNetException(
          root
              + ": a dataset of one person ("
              + people.get(0).name()
              + ") has no different-person pairs; at least two people are needed");
    }
    if (people.stream().noneMatch(p -> p.pictures().size() >= 2)) {
      throw new FaceNetException(
          root + ": nobody has two pictures, so there are no same-person pairs");
    }
  }

  static boolean isPicture(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && PICTURE_ENDINGS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted(
              Comparator.comparing((Path p) -> p.getFileName().toString(), NaturalOrder.INSTANCE))
          .toList();
    }
  }

  /**
   * Compares names with runs of digits by their value: "s2" before "s10". Ties broken by plain
   * order.
   */
  static final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    @Override
    public int compare(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        char ca = a.charAt(i);
        char cb = b.charAt(j);
        if (isDigit(ca) && isDigit(cb)) {
          int ei = i;
          while (ei < a.length() && isDigit(a.charAt(ei))) {
            ei++;
          }
          int ej = j;
          while (ej < b.length() && isDigit(b.charAt(ej))) {
            ej++;
          }
          String da = stripZeros(a.substring(i, ei));
          String db = stripZeros(b.substring(j, ej));
          int c =
              da.length() != db.length()
                  ? Integer.compare(da.length(), db.length())
                  : da.compareTo(db);
          if (c != 0) {
            return c;
          }
          i = ei;
          j = ej;
        } else {
          if (ca != cb) {
            return Character.compare(ca, cb);
          }
          i++;
          j++;
        }
      }
      int c = Integer.compare(a.length() - i, b.length() - j);
      return c != 0 ? c : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static String stripZeros(String s) {
      int k = 0;
      while (k < s.length() - 1 && s.charAt(k) == '0') {
        k++;
      }
      return s.substring(k);
    }
  }
}
