package dev.facenet;

import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.EnrolmentLines;
import dev.facenet.gallery.SqliteGallery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child process of {@link GalleryKillTest}: works on a SQLite gallery until it is killed, and
 * prints "committed N" (flushed) each time a transaction's call has returned. Three kinds of work:
 *
 * <ul>
 *   <li>{@code enroll GALLERY REAL FROM SEED}: people N = FROM, FROM+1, ... enrolled one
 *       transaction each through {@link dev.facenet.gallery.Gallery#enroll}, from the real ORL
 *       encodings in the file REAL (as {@link #person} plans them);
 *   <li>{@code import GALLERY REAL FROM SEED}: imports N = FROM, FROM+1, ... of JSON lines through
 *       {@link FaceNet#importAll} (as {@link #importLines} plans them), each all or nothing, the
 *       lines handed over with small random pauses so that a kill often lands inside one;
 *   <li>{@code pictures GALLERY ORL FROM SEED}: people N enrolled from their ORL pictures through
 *       {@link FaceNet#enroll(String, List)}, networks and all.
 * </ul>
 *
 * It prints "open" once the gallery is open, before its first change.
 */
public final class KillWorker {
  /** How many pictures of each ORL person the plans use (1.pgm ...). */
  static final int PICTURES = 5;

  private KillWorker() {}

  /**
   * Person {@code i}'s name and encodings: their ORL person's five, and for every sixth these five
   * a hundred times (500 rows in one transaction).
   */
  static List<Enrolment> person(int i, List<List<Enrolment>> real) {
    int p = i % real.size();
    return renamed("e" + i + "-s" + (p + 1), real.get(p), i % 6 == 5 ? 100 : 1);
  }

  /**
   * Import {@code k}'s lines: most have some 60 to 360 lines, every fourth only ten (then the kill
   * mostly lands between imports).
   */
  static List<Enrolment> importLines(int k, List<List<Enrolment>> real) {
    SplittableRandom random = new SplittableRandom(k * 0x9E3779B97F4A7C15L + 17);
    boolean small = k % 4 == 3;
    int people = small ? 2 : 3 + random.nextInt(4);
    int repeats = small ? 1 : 4 + random.nextInt(9);
    List<Enrolment> out = new ArrayList<>();
    for (int j = 0; j < people; j++) {
      int p = random.nextInt(real.size());
      out.addAll(renamed("i" + k + "-" + j + "-s" + (p + 1), real.get(p), repeats));
    }
    return out;
  }

  /** Picture-enrolled person {@code i}: ORL person {@code i % people}, pictures 1 to PICTURES. */
  static String picturePerson(int i, int people) {
    return "p" + i + "-s" + (i % people + 1);
  }

  private static List<Enrolment> renamed(String name, List<Enrolment> encodings, int repeats) {
    List<Enrolment> out = new ArrayList<>(encodings.size() * repeats);
    for (int r = 0; r < repeats; r++) {
      for (Enrolment e : encodings) {
        out.add(new Enrolment(name, e.embedding(), e.picture()));
      }
    }
    return out;
  }

  /** The real encodings, grouped by person in the order of the file. */
  static List<List<Enrolment>> readReal(Path file) throws IOException {
    Map<String, List<Enrolment>> byName = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      EnrolmentLines.read(in)
          .forEachRemaining(e -> byName.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
    }
    return new ArrayList<>(byName.values());
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path gallery = Path.of(args[1]);
    int from = Integer.parseInt(args[3]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
    switch (mode) {
      case "enroll" -> enroll(gallery, readReal(Path.of(args[2])), from);
      case "import" -> importAll(gallery, readReal(Path.of(args[2])), from, random);
      case "pictures" -> pictures(gallery, Path.of(args[2]), from);
      default -> throw new IllegalArgumentException(mode);
    }
  }

  private static void enroll(Path file, List<List<Enrolment>> real, int from) {
    try (SqliteGallery gallery = SqliteGallery.open(file)) {
      say("open");
      for (int i = from; ; i++) {
        List<Enrolment> person = person(i, real);
        gallery.enroll(
            person.get(0).name(),
            person.stream().map(Enrolment::embedding).toList(),
            person.stream().map(Enrolment::picture).toList());
        say("committed " + i);
      }
    }
  }

  private static void importAll(
      Path file, List<List<Enrolment>> real, int from, SplittableRandom random) {
    try (FaceNet faces = FaceNet.builder().gallery(file).build()) {
      faces.people(); // opens the gallery
      say("open");
      for (int k = from; ; k++) {
        StringBuilder text = new StringBuilder();
        for (Enrolment e : importLines(k, real)) {
          text.append(EnrolmentLines.write(e)).append('\n');
        }
        Iterator<Enrolment> lines =
            EnrolmentLines.read(new BufferedReader(new StringReader(text.toString())));
        faces.importAll(slowly(lines, random));
        say("committed " + k);
      }
    }
  }

  private static void pictures(Path file, Path orl, int from) {
    // ORL's pictures are faces already: the picture taken whole, as the parent encoded them
    try (FaceNet faces = FaceNet.builder().gallery(file).wholeImage(true).build()) {
      faces.people();
      say("open");
      for (int i = from; ; i++) {
        int s = i % GalleryKillTest.PEOPLE + 1;
        List<Path> pictures = new ArrayList<>();
        for (int k = 1; k <= PICTURES; k++) {
          pictures.add(orl.resolve("s" + s).resolve(k + ".pgm"));
        }
        List<Embedding> stored = faces.enroll(picturePerson(i, GalleryKillTest.PEOPLE), pictures);
        if (stored.size() != PICTURES) {
          throw new IllegalStateException("stored " + stored.size());
        }
        say("committed " + i);
      }
    }
  }

  /** The lines as they come, with a pause of 1 to 3 ms after about one in ten of them. */
  private static Iterator<Enrolment> slowly(Iterator<Enrolment> lines, SplittableRandom random) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Enrolment next() {
        if (random.nextInt(10) == 0) {
          try {
            Thread.sleep(1 + random.nextInt(3));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return lines.next();
      }
    };
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
