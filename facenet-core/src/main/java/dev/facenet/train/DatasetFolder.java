package dev.facenet.train;

import dev.facenet.FaceNetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists a training data set laid out as LFW, ORL and Yale are: one sub-folder per person, the person's
 * pictures inside it. Only lists files; decoding (and counting what cannot be decoded) is {@link ChipSet}'s
 * job. Names are sorted in natural order (s2 before s10) so every run sees the people in the same order.
 */
public final class DatasetFolder {
  private DatasetFolder() {}

  /** The people of {@code dir} with their files (hidden files skipped); a clear error for a missing or empty folder. */
  public static List<PersonPictures> scan(Path dir) {
    if (!Files.exists(dir)) {
      throw new FaceNetException(dir + ": no such folder");
    }
    if (!Files.isDirectory(dir)) {
      throw new FaceNetException(dir + ": not a folder (give a folder with one sub-folder per person)");
    }
    List<PersonPictures> people = new ArrayList<>();
    for (Path sub : list(dir)) {
      if (!Files.isDirectory(sub) || hidden(sub)) {
        continue;
      }
      List<Path> files = new ArrayList<>();
      for (Path f : list(sub)) {
        if (Files.isRegularFile(f) && !hidden(f)) {
          files.add(f);
        }
      }
      if (!files.isEmpty()) {
        people.add(new PersonPictures(sub.getFileName().toString(), files));
      }
    }
    if (people.isEmpty()) {
      throw new FaceNetException(dir + ": no people in it (expected one sub-folder of pictures per person)");
    }
    return people;
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString(), DatasetFolder::natural)).toList();
    } catch (IOException e) {
      throw new FaceNetException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
    }
  }

  /** Compares names with runs of digits taken as numbers: s2 < s10, 9.pgm < 10.pgm. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
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
}
