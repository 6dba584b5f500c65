package dev.facenet.evaluate;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes pairs files in LFW's pairs.txt format: a header line {@code FOLDS N}, then for
 * each fold N same-person lines {@code name i j} and N different-person lines {@code name1 i name2
 * j}, where an index {@code i} means the picture {@code name/name_000i.jpg}. As an extension a
 * picture may be given by its file name instead of its index ({@code s1 1.pgm 10.pgm} for ORL), so
 * any folder-per-person dataset can be described. Every problem is a {@link FaceNetException}
 * naming the file and the line.
 */
public final class PairsFormat {
  private static final Pattern INDEX = Pattern.compile("[0-9]+");
  private static final Pattern LFW_FILE = Pattern.compile("(.+)_([0-9]{4})\\.jpg");

  private PairsFormat() {}

  /** Reads a pairs file whose pictures are under {@code images}; every picture must exist. */
  public static Pairs read(Path file, Path images) {
    if (!Files.isRegularFile(file)) {
      throw new FaceNetException(file + ": no such pairs file");
    }
    if (!Files.isDirectory(images)) {
      throw new FaceNetException(images + ": no such image folder");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new FaceNetException(file + ": cannot read it (" + e.getMessage() + ")", e);
    }
    int at = nextContentLine(lines, 0);
    if (at < 0) {
      throw new FaceNetException(
          file + ": empty pairs file (expected a header line 'FOLDS N', e.g. '10 300')");
    }
    String[] header = tokens(lines.get(at));
    int folds = header.length == 2 ? positive(header[0]) : -1;
    int perFold = header.length == 2 ? positive(header[1]) : -1;
    if (folds < 1 || perFold < 1) {
      throw new FaceNetException(
          file
              + " line "
              + (at + 1)
              + ": the header must be 'FOLDS N' (two positive numbers,"
              + " e.g. '10 300'), found '"
              + lines.get(at).strip()
              + "'");
    }
    long expected = 2L * folds * perFold;
    List<ImagePair> pairs = new ArrayList<>();
    for (int i = nextContentLine(lines, at + 1); i >= 0; i = nextContentLine(lines, i + 1)) {
      int lineNo = i + 1;
      String where = file + " line " + lineNo;
      if (pairs.size() >= expected) {
        throw new FaceNetException(
            where
                + ": more pairs than the header promises ("
                + folds
                + " folds of "
                + perFold
                + " same-person and "
                + perFold
                + " different-person pairs)");
      }
      int fold = (int) (pairs.size() / (2L * perFold));
      boolean wantSame = pairs.size() % (2L * perFold) < perFold;
      String[] t = tokens(lines.get(i));
      if (t.length != 3 && t.length != 4) {
        throw new FaceNetException(
            where
                + ": malformed line '"
                + lines.get(i).strip()
                + "' (expected 'name i j'"
                + " or 'name1 i name2 j')");
      }
      boolean same = t.length == 3;
      if (same != wantSame) {
        throw new FaceNetException(
            where
                + ": expected a "
                + (wantSame
                    ? "same-person line 'name i j'"
                    : "different-person line 'name1 i name2 j'")
                + ", found '"
                + lines.get(i).strip()
                + "' (each fold has "
                + perFold
                + " same-person lines, then "
                + perFold
                + " different-person lines)");
      }
      Picture a = picture(images, t[0], t[1], where);
      Picture b = same ? picture(images, t[0], t[2], where) : picture(images, t[2], t[3], where);
      pairs.add(new ImagePair(a, b, same, fold, lineNo));
    }
    if (pairs.size() != expected) {
      throw new FaceNetException(
          file
              + ": "
              + pairs.size()
              + " pairs, but the header '"
              + folds
              + " "
              + perFold
              + "' promises "
              + expected
              + " ("
              + folds
              + " folds of "
              + perFold
              + " + "
              + perFold
              + ")");
    }
    return new Pairs(folds, perFold, pairs);
  }

  /** The picture a pair line names, checked to exist. */
  private static Picture picture(Path images, String person, String token, String where) {
    checkName(person, where, "person");
    String fileName;
    if (INDEX.matcher(token).matches()) {
      int index = positive(token);
      if (index < 1) {
        throw new FaceNetException(
            where + ": picture index '" + token + "' must be a number from 1");
      }
      fileName = String.format("%s_%04d.jpg", person, index);
    } else {
      checkName(token, where, "file");
      fileName = token;
    }
    Picture p;
    try {
      p = Picture.in(images, person, fileName);
    } catch (InvalidPathException e) {
      // a character no path may hold on this system, such as NUL
      throw new FaceNetException(
          where
              + ": '"
              + person
              + "/"
              + fileName
              + "' cannot name a picture ("
              + e.getReason()
              + ")");
    }
    if (!Files.isRegularFile(p.path())) {
      throw new FaceNetException(where + ": no picture " + p.path());
    }
    return p;
  }

  private static void checkName(String name, String where, String what) {
    if (name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0) {
      throw new FaceNetException(
          where + ": '" + name + "' is not a " + what + " name (no paths allowed)");
    }
  }

  /**
   * Writes a pairs file (through {@link AtomicFile}, so a half-written file never replaces a good
   * one).
   */
  public static void write(Pairs pairs, Path out) {
    String text = format(pairs);
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FaceNetException(out + ": folder " + dir + " does not exist");
    }
    try {
      AtomicFile.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new FaceNetException(out + ": cannot write it (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The text of a pairs file. A picture named like LFW's {@code name_0001.jpg} is written by its
   * index, any other by its file name; names with white space, and file names made of digits only
   * (they would read back as an index), cannot be written.
   */
  public static String format(Pairs pairs) {
    StringBuilder sb = new StringBuilder();
    sb.append(pairs.folds()).append('\t').append(pairs.perFold()).append('\n');
    for (int k = 0; k < pairs.folds(); k++) {
      List<ImagePair> fold = pairs.fold(k);
      long same = fold.stream().filter(ImagePair::same).count();
      if (same != pairs.perFold() || fold.size() != 2 * pairs.perFold()) {
        throw new IllegalArgumentException(
            "fold " + (k + 1) + " must have " + pairs.perFold() + " pairs of each kind");
      }
      for (boolean wantSame : new boolean[] {true, false}) {
        for (ImagePair p : fold) {
          if (p.same() != wantSame) {
            continue;
          }
          if (p.same()) {
            sb.append(word(p.first().person()))
                .append('\t')
                .append(token(p.first()))
                .append('\t')
                .append(token(p.second()))
                .append('\n');
          } else {
            sb.append(word(p.first().person()))
                .append('\t')
                .append(token(p.first()))
                .append('\t')
                .append(word(p.second().person()))
                .append('\t')
                .append(token(p.second()))
                .append('\n');
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * Why a picture cannot be named in a pairs file (its person's or its file's name holds white
   * space, or its file name is digits only), or null when it can.
   */
  public static String unwritable(Picture p) {
    try {
      word(p.person());
      token(p);
      return null;
    } catch (FaceNetException e) {
      return e.getMessage();
    }
  }

  private static String token(Picture p) {
    Matcher m = LFW_FILE.matcher(p.file());
    if (m.matches() && m.group(1).equals(p.person())) {
      return Integer.toString(Integer.parseInt(m.group(2)));
    }
    if (INDEX.matcher(p.file()).matches()) {
      throw new FaceNetException(
          p.path()
              + ": a file name made of digits only cannot be written to a pairs file"
              + " (it would read back as an LFW index); rename it, e.g. with an extension");
    }
    return word(p.file());
  }

  private static String word(String s) {
    if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
      throw new FaceNetException(
          "'" + s + "': names with white space cannot be written to a pairs file");
    }
    return s;
  }

  private static String[] tokens(String line) {
    String s = line.strip();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }

  private static int nextContentLine(List<String> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return i;
      }
    }
    return -1;
  }

  /** The number, or -1 when the text is not a whole number that fits an int. */
  private static int positive(String s) {
    if (!INDEX.matcher(s).matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
