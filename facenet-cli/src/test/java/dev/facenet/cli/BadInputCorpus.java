package dev.facenet.cli;

import static dev.facenet.cli.CorpusFiles.blank;
import static dev.facenet.cli.CorpusFiles.concat;
import static dev.facenet.cli.CorpusFiles.encode;
import static dev.facenet.cli.CorpusFiles.head;
import static dev.facenet.cli.CorpusFiles.jpeg;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The hardening issue's corpus of bad and odd inputs, generated (never hand-picked files): broken
 * and lying pictures of every format the tool reads, decompression bombs, extreme shapes, every
 * pixel layout and EXIF orientation, pictures of 0, 1 and 30 faces, odd file names, person names
 * that break naive code, damaged gallery rows and damaged export lines. Each entry carries, written
 * here by hand, the outcome every command and endpoint should give it; {@link BadInputCorpusTest}
 * runs them all and compares.
 *
 * <p>The faces are the seed's: andrew's picture is the one face (andrew is the gallery's one
 * person, so a variant that is read right is matched), and other seed people fill the 30-face
 * picture.
 */
final class BadInputCorpus {

  /** The CLI commands run on every picture entry, in the table's order. */
  static final List<String> PICTURE_COMMANDS =
      List.of("detect", "embed", "enroll", "verify", "recognize", "compare", "import");

  /** The server's routes run on every picture entry that can be uploaded. */
  static final List<String> PICTURE_ROUTES =
      List.of(
          "POST /v1/detect",
          "POST /v1/embed",
          "POST /v1/recognize",
          "POST /v1/verify?name=andrew",
          "POST /v1/compare",
          "POST /v1/people/corpus/faces",
          "DELETE /v1/people/corpus");

  /** The CLI commands run on every name, in this order, on one gallery per name. */
  static final List<String> NAME_COMMANDS = List.of("enroll", "verify", "list", "remove");

  /** The routes run on every name, in this order. */
  static final List<String> NAME_ROUTES =
      List.of(
          "POST /v1/people/{name}/faces",
          "GET /v1/people/{name}",
          "POST /v1/verify?name={name}",
          "DELETE /v1/people/{name}");

  /** The routes run on every damaged gallery, each by a service on its own copy of it. */
  static final List<String> GALLERY_ROUTES =
      List.of(
          "POST /v1/verify?name=broken",
          "POST /v1/recognize",
          "GET /v1/people",
          "GET /v1/people/broken",
          "DELETE /v1/people/broken");

  /** The CLI commands run on every damaged gallery. */
  static final List<String> GALLERY_COMMANDS =
      List.of("verify", "recognize", "list", "export", "check", "audit", "remove");

  /**
   * What a run should give: its exit code (or HTTP status), fragments its output must hold, and
   * fragments it must not; {@code pending} names the change on main this expectation waits for.
   */
  record Outcome(int code, List<String> says, List<String> never, String pending) {
    static Outcome of(int code, String... says) {
      return new Outcome(code, List.of(says), List.of(), null);
    }

    Outcome without(String... fragments) {
      return new Outcome(code, says, List.of(fragments), pending);
    }

    Outcome pending(String why) {
      return new Outcome(code, says, never, why);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(code < 100 ? "exit " + code : String.valueOf(code));
      for (String f : says) {
        s.append(", \"").append(f).append('"');
      }
      for (String f : never) {
        s.append(", not \"").append(f).append('"');
      }
      return s.toString();
    }
  }

  /** The kind of input an entry is, which decides the commands it goes through. */
  enum Kind {
    PICTURE,
    NAME,
    GALLERY,
    LINES,
    FOLDER
  }

  /**
   * One input: a file (picture, lines, folder), a person's name, or a gallery; the outcome of each
   * command (CLI: by command name; HTTP: by route as in {@link #PICTURE_ROUTES}).
   */
  record Entry(
      String id,
      Kind kind,
      String description,
      Path file,
      String name,
      Map<String, Outcome> cli,
      Map<String, Outcome> http) {}

  private final Path dir;
  private final BufferedImage andrew;
  private final byte[] andrewJpeg;
  private final List<Entry> entries = new ArrayList<>();

  private BadInputCorpus(Path dir) {
    this.dir = dir;
    this.andrew = read(Fixtures.seedPerson("andrew"));
    this.andrewJpeg = jpeg(andrew, false);
  }

  /** Writes the corpus into {@code dir} (pictures under dir/pictures, lines under dir/lines). */
  static List<Entry> generate(Path dir) {
    BadInputCorpus c = new BadInputCorpus(dir);
    c.formats();
    c.bombs();
    c.shapes();
    c.pixelLayouts();
    c.faceCounts();
    c.fileNames();
    c.names();
    c.damagedGalleries();
    c.damagedLines();
    c.folders();
    return List.copyOf(c.entries);
  }

  // ---- what each kind of picture should give ----

  /**
   * After an enrolment that was refused, the enrolled person is not there: each picture's enrolment
   * is undone by the route that follows it, so that the next picture is recognised against andrew
   * alone.
   */
  private static final Outcome NOT_ENROLLED = Outcome.of(404, "\"unknown_person\"");

  /** A picture nobody can read: every command exit 2 with {@code why}, every route 400. */
  private static Expect unreadable(String why) {
    Expect e = new Expect();
    for (String c : PICTURE_COMMANDS) {
      e.cli.put(c, Outcome.of(2, why));
    }
    e.cli.put("import", Outcome.of(2, "nothing was imported"));
    for (String r : PICTURE_ROUTES) {
      e.http.put(r, Outcome.of(400, "\"bad_request\"", why));
    }
    e.http.put("DELETE /v1/people/corpus", NOT_ENROLLED);
    return e;
  }

  /** Andrew's face, read right: found, encoded, enrolled, matched, recognised. */
  private static Expect andrewsFace() {
    Expect e = new Expect();
    e.cli.put("detect", Outcome.of(0, ": 1 face"));
    e.cli.put("embed", Outcome.of(0, "\"embedding\":["));
    e.cli.put("enroll", Outcome.of(0, "Enrolled corpus: 1 picture"));
    e.cli.put("verify", Outcome.of(0, "Matched: it's andrew"));
    e.cli.put("recognize", Outcome.of(0, "It's andrew"));
    e.cli.put("compare", Outcome.of(0, "the same person as"));
    e.cli.put("import", Outcome.of(2, "nothing was imported"));
    e.http.put("POST /v1/detect", Outcome.of(200, "\"landmarks\""));
    e.http.put("POST /v1/embed", Outcome.of(200, "\"embedding\":["));
    e.http.put("POST /v1/recognize", Outcome.of(200, "\"name\":\"andrew\""));
    e.http.put("POST /v1/verify?name=andrew", Outcome.of(200, "\"match\":true"));
    e.http.put("POST /v1/people/corpus/faces", Outcome.of(201, "\"name\":\"corpus\""));
    e.http.put("POST /v1/compare", Outcome.of(200, "\"match\":true"));
    e.http.put("DELETE /v1/people/corpus", Outcome.of(204));
    return e;
  }

  /** A picture read right that shows no face: an answer where one is asked for, else exit 2. */
  private static Expect noFace() {
    Expect e = new Expect();
    e.cli.put("detect", Outcome.of(0, ": no face found"));
    e.cli.put("embed", Outcome.of(2, "no face found"));
    e.cli.put("enroll", Outcome.of(2, "no face found"));
    e.cli.put("verify", Outcome.of(1, "Not matched", "no face found"));
    e.cli.put("recognize", Outcome.of(0, "No face found"));
    e.cli.put("compare", Outcome.of(1, "not compared", "no face found"));
    e.cli.put("import", Outcome.of(2, "nothing was imported"));
    e.http.put("POST /v1/detect", Outcome.of(200, "{\"faces\":[]}"));
    e.http.put("POST /v1/embed", Outcome.of(200, "{\"faces\":[]}"));
    e.http.put("POST /v1/recognize", Outcome.of(200, "{\"faces\":[]}"));
    e.http.put("POST /v1/verify?name=andrew", Outcome.of(400, "\"no_face\""));
    e.http.put("POST /v1/people/corpus/faces", Outcome.of(400, "\"no_face\""));
    e.http.put("POST /v1/compare", Outcome.of(400, "\"no_face\""));
    e.http.put("DELETE /v1/people/corpus", NOT_ENROLLED);
    return e;
  }

  /** A group of {@code n} people, andrew not among them. */
  private static Expect group(int n) {
    Expect e = new Expect();
    e.cli.put("detect", Outcome.of(0, ": " + n + " faces"));
    e.cli.put("embed", Outcome.of(0, "\"embedding\":["));
    e.cli.put("enroll", Outcome.of(2, "has " + n + " faces", "--largest"));
    e.cli.put("verify", Outcome.of(1, "Not matched: it's not andrew"));
    e.cli.put("recognize", Outcome.of(0, n + " faces"));
    e.cli.put("compare", Outcome.of(1, "not the same person as"));
    e.cli.put("import", Outcome.of(2, "nothing was imported"));
    e.http.put("POST /v1/detect", Outcome.of(200, "\"landmarks\""));
    e.http.put("POST /v1/embed", Outcome.of(200, "\"embedding\":["));
    e.http.put("POST /v1/recognize", Outcome.of(200, "\"faces\":[{"));
    e.http.put("POST /v1/verify?name=andrew", Outcome.of(200, "\"match\":false"));
    e.http.put("POST /v1/people/corpus/faces", Outcome.of(400, "has " + n + " faces"));
    e.http.put("POST /v1/compare", Outcome.of(200, "\"match\":false"));
    e.http.put("DELETE /v1/people/corpus", NOT_ENROLLED);
    return e;
  }

  /** A file-system oddity: every command exit 2 with {@code why}; nothing to upload. */
  private static Expect notAFile(String why, String importSays) {
    Expect e = new Expect();
    for (String c : PICTURE_COMMANDS) {
      e.cli.put(c, Outcome.of(2, why));
    }
    e.cli.put("import", Outcome.of(2, importSays));
    return e;
  }

  /** Outcomes being put together for one entry. */
  private static final class Expect {
    final Map<String, Outcome> cli = new LinkedHashMap<>();
    final Map<String, Outcome> http = new LinkedHashMap<>();

    Expect cli(String command, Outcome o) {
      cli.put(command, o);
      return this;
    }

    Expect http(String route, Outcome o) {
      http.put(route, o);
      return this;
    }
  }

  private void picture(String id, String description, byte[] content, Expect expect) {
    Path file = CorpusFiles.write(dir.resolve("pictures").resolve(id), content);
    entries.add(
        new Entry(
            id,
            Kind.PICTURE,
            description,
            file,
            null,
            Map.copyOf(expect.cli),
            Map.copyOf(expect.http)));
  }

  // ---- the corpus ----

  private static final String TRUNCATED = "truncated";
  private static final String DAMAGED = "damaged";
  private static final String TOO_BIG = "over the limit of 100000000 pixels";
  private static final String UNKNOWN_FORMAT = "not a picture in a known format";

  private void formats() {
    byte[] png = encode(andrew, "png");
    byte[] gif = encode(andrew, "gif");
    byte[] tiff = encode(andrew, "tiff");
    byte[] bmp = encode(CorpusFiles.copy(andrew, BufferedImage.TYPE_3BYTE_BGR), "bmp");
    byte[] pgm = CorpusFiles.pgm(andrew);
    picture(
        "zero-bytes.jpg",
        "an empty file",
        new byte[0],
        unreadable("empty").cli("import", Outcome.of(0, "Imported 0 encodings")));
    picture(
        "text.jpg",
        "a text file named .jpg",
        "these are my notes, not a picture\nsecond line\n".getBytes(StandardCharsets.UTF_8),
        unreadable(UNKNOWN_FORMAT + " (it holds text)")
            .cli("import", Outcome.of(2, "line 1: not JSON", "nothing was imported")));
    picture(
        "page.png",
        "an HTML page named .png",
        "<!DOCTYPE html><html><body>404</body></html>\n".getBytes(StandardCharsets.UTF_8),
        unreadable(UNKNOWN_FORMAT + " (it holds text)")
            .cli("import", Outcome.of(2, "line 1", "nothing was imported")));
    picture(
        "noise.jpg",
        "4 KB of random bytes",
        CorpusFiles.noise(4096, 7),
        unreadable(UNKNOWN_FORMAT));
    picture(
        "gif-signature-only.gif",
        "the six bytes GIF89a and nothing else",
        "GIF89a".getBytes(StandardCharsets.US_ASCII),
        unreadable(TRUNCATED));
    picture(
        "jpeg-soi-only.jpg",
        "a JPEG start-of-image marker and nothing else",
        new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff},
        unreadable(TRUNCATED));
    picture(
        "jpeg-truncated-half.jpg",
        "the first half of a baseline JPEG of a face",
        head(andrewJpeg, andrewJpeg.length / 2),
        unreadable(TRUNCATED));
    picture(
        "jpeg-header-only.jpg",
        "a JPEG cut before its first scan (headers and tables only)",
        head(andrewJpeg, scanStart(andrewJpeg)),
        unreadable(TRUNCATED));
    picture(
        "jpeg-precision-7.jpg",
        "a JPEG whose frame header says 7 bits per sample",
        CorpusFiles.withJpegPrecision(andrewJpeg, 7),
        unreadable(DAMAGED));
    picture(
        "jpeg-declares-65500x65500.jpg",
        "a small JPEG whose frame header declares 65500 x 65500",
        CorpusFiles.withJpegSize(andrewJpeg, 65500, 65500),
        unreadable(TOO_BIG));
    picture(
        "jpeg-declares-0-wide.jpg",
        "a JPEG whose frame header declares a width of 0",
        CorpusFiles.withJpegSize(andrewJpeg, 0, 96),
        unreadable("has no pixels (0 x 96)"));
    picture(
        "png-truncated-half.png",
        "the first half of a PNG of a face",
        head(png, png.length / 2),
        unreadable(TRUNCATED));
    byte[] corrupt = png.clone();
    for (int i = 100; i < Math.min(corrupt.length - 20, 400); i += 7) {
      corrupt[i] ^= 0x5a;
    }
    picture(
        "png-corrupt-idat.png",
        "a PNG of a face with its compressed pixels scrambled",
        corrupt,
        unreadable(DAMAGED));
    picture(
        "png-no-pixel-data.png",
        "a PNG header for 640 x 480 with no IDAT chunk",
        CorpusFiles.greyPng(640, 480, 8, 0),
        unreadable(TRUNCATED));
    picture(
        "png-declares-50000x50000.png",
        "a PNG header declaring 50000 x 50000, no pixels",
        CorpusFiles.greyPng(50000, 50000, 8, 0),
        unreadable(TOO_BIG));
    picture(
        "gif-truncated-half.gif",
        "the first half of a GIF of a face",
        head(gif, gif.length / 2),
        unreadable(TRUNCATED));
    picture(
        "gif-declares-65535x65535.gif",
        "a GIF whose screen and image declare 65535 x 65535",
        CorpusFiles.hugeGif(65535, 65535),
        unreadable(TOO_BIG));
    picture(
        "webp-truncated.webp",
        "a lossless WebP cut after its signature",
        head(
            CorpusFiles.webp(
                "VP8L", concat(new byte[] {0x2f, (byte) 0x5f, 0, (byte) 0xb0, 0x07}, new byte[64])),
            25),
        unreadable(TRUNCATED));
    picture(
        "webp-garbage.webp",
        "a RIFF/WEBP container whose VP8 chunk is random bytes",
        CorpusFiles.webp("VP8 ", CorpusFiles.noise(300, 11)),
        unreadable(DAMAGED));
    picture(
        "tiff-truncated-half.tif",
        "the first half of a TIFF of a face",
        head(tiff, tiff.length / 2),
        unreadable(TRUNCATED));
    picture(
        "tiff-strip-missing.tif",
        "a TIFF whose only strip lies past the end of the file",
        CorpusFiles.greyTiff(640, 480, 8, 0),
        unreadable(TRUNCATED));
    picture(
        "bmp-truncated-half.bmp",
        "the first half of a BMP of a face",
        head(bmp, bmp.length / 2),
        unreadable(TRUNCATED));
    picture(
        "bmp-7-bits.bmp",
        "a BMP that claims 7 bits per pixel",
        CorpusFiles.withBmpBits(bmp, 7),
        unreadable(DAMAGED));
    picture(
        "bmp-declares-50000x50000.bmp",
        "a BMP header declaring 50000 x 50000, no pixels",
        CorpusFiles.hugeBmp(50000, 50000),
        unreadable(TOO_BIG));
    picture(
        "pgm-truncated.pgm",
        "a PGM of a face cut after a third of its pixels",
        head(pgm, pgm.length / 3),
        unreadable(TRUNCATED));
    picture(
        "pgm-bad-header.pgm",
        "a PGM whose size is words",
        "P5\nwide high\n255\n\0\0\0\0".getBytes(StandardCharsets.US_ASCII),
        unreadable(DAMAGED));
  }

  private void bombs() {
    picture(
        "bomb-png-10000x10000-8bit.png",
        "a PNG of 10000 x 10000 grey, 8 bits: a small file that inflates to 100 MB (the largest accepted)",
        CorpusFiles.greyPng(10000, 10000, 8, 10000),
        noFace());
    picture(
        "bomb-png-10000x10000-16bit.png",
        "a PNG of 10000 x 10000 grey, 16 bits: inflates to 200 MB",
        CorpusFiles.greyPng(10000, 10000, 16, 10000),
        noFace());
    picture(
        "bomb-png-12000x12000-8bit.png",
        "a PNG of 12000 x 12000 grey: inflates to 144 MB, over the pixel limit",
        CorpusFiles.greyPng(12000, 12000, 8, 12000),
        unreadable(TOO_BIG));
    picture(
        "bomb-png-50000x50000-16bit.png",
        "a PNG declaring 50000 x 50000 at 16 bits (5 GB) with one row of data",
        CorpusFiles.greyPng(50000, 50000, 16, 1),
        unreadable(TOO_BIG));
    picture(
        "bomb-tiff-10000x10000-8bit.tif",
        "a TIFF of 10000 x 10000 grey, 8 bits, in one deflated strip",
        CorpusFiles.greyTiff(10000, 10000, 8, 10000),
        noFace());
    picture(
        "bomb-tiff-10000x10000-16bit.tif",
        "a TIFF of 10000 x 10000 grey, 16 bits, in one deflated strip",
        CorpusFiles.greyTiff(10000, 10000, 16, 10000),
        noFace());
    picture(
        "bomb-tiff-30000x30000.tif",
        "a TIFF declaring 30000 x 30000 with one row of data",
        CorpusFiles.greyTiff(30000, 30000, 8, 1),
        unreadable(TOO_BIG));
    BufferedImage huge = new BufferedImage(10000, 10000, BufferedImage.TYPE_BYTE_GRAY);
    picture(
        "bomb-jpeg-10000x10000.jpg",
        "a JPEG of 10000 x 10000 black: under a megabyte, 100 megapixels",
        jpeg(huge, false),
        noFace());
    picture(
        "jpeg-declares-10000x10000.jpg",
        "a 96 x 96 JPEG whose frame header says 10000 x 10000: the scan runs out",
        CorpusFiles.withJpegSize(andrewJpeg, 10000, 10000),
        unreadable(TRUNCATED));
  }

  private void shapes() {
    picture(
        "1x1.png",
        "a PNG of one pixel",
        encode(blank(1, 1, 0x808080), "png"),
        noFace()
            .cli("recognize", Outcome.of(0, "No face found (the picture is 1 x 1 pixels"))
            .cli("enroll", Outcome.of(2, "no face found (the picture is 1 x 1 pixels")));
    picture(
        "2x20000.png",
        "a PNG 2 pixels wide and 20000 high",
        encode(blank(2, 20000, 0x808080), "png"),
        noFace());
    picture(
        "20000x2.png",
        "a PNG 20000 pixels wide and 2 high",
        encode(blank(20000, 2, 0x808080), "png"),
        noFace());
  }

  private void pixelLayouts() {
    picture(
        "rgb-16bit.png",
        "a face as 16-bit RGB PNG",
        encode(CorpusFiles.sixteenBit(andrew, false), "png"),
        andrewsFace());
    picture(
        "grey-16bit.png",
        "a face as 16-bit grey PNG",
        encode(CorpusFiles.sixteenBit(andrew, true), "png"),
        andrewsFace());
    picture(
        "cmyk.jpg", "a face as an Adobe CMYK JPEG", CorpusFiles.cmykJpeg(andrew), andrewsFace());
    picture(
        "palette.png",
        "a face as a 256-colour palette PNG",
        encode(CorpusFiles.copy(andrew, BufferedImage.TYPE_BYTE_INDEXED), "png"),
        andrewsFace());
    picture("palette.gif", "a face as a GIF (palette)", encode(andrew, "gif"), andrewsFace());
    picture(
        "grey-alpha.png",
        "a face as grey + alpha PNG, half of it 3/4 opaque",
        encode(CorpusFiles.greyAlpha(andrew), "png"),
        andrewsFace());
    for (int o = 1; o <= 8; o++) {
      picture(
          "exif-orientation-" + o + ".jpg",
          "a face stored for EXIF orientation "
              + o
              + " (turned or mirrored; the tag says how to undo it)",
          CorpusFiles.withExifOrientation(jpeg(CorpusFiles.storedFor(andrew, o), false), o),
          andrewsFace());
    }
    picture(
        "exif-orientation-9.jpg",
        "an upright face whose EXIF says orientation 9 (no such orientation)",
        CorpusFiles.withExifOrientation(andrewJpeg, 9),
        andrewsFace());
    picture(
        "exif-broken.jpg",
        "an upright face with an EXIF segment whose first directory lies past its end",
        CorpusFiles.withBrokenExif(andrewJpeg),
        andrewsFace());
    picture(
        "animated.gif",
        "an animated GIF: the face, then a blank frame",
        CorpusFiles.animatedGif(
            CorpusFiles.copy(andrew, BufferedImage.TYPE_BYTE_INDEXED),
            CorpusFiles.copy(blank(96, 96, 0x808080), BufferedImage.TYPE_BYTE_INDEXED)),
        andrewsFace());
    picture("progressive.jpg", "a face as a progressive JPEG", jpeg(andrew, true), andrewsFace());
    picture(
        "face.bmp",
        "a face as a 24-bit BMP",
        encode(CorpusFiles.copy(andrew, BufferedImage.TYPE_3BYTE_BGR), "bmp"),
        andrewsFace());
    picture("face.tif", "a face as a TIFF", encode(andrew, "tiff"), andrewsFace());
    picture("face.pgm", "a face as a binary PGM (grey)", CorpusFiles.pgm(andrew), andrewsFace());
    picture("png-named.jpg", "a PNG of a face named .jpg", encode(andrew, "png"), andrewsFace());
  }

  private void faceCounts() {
    picture(
        "no-face.png",
        "a 640 x 480 picture of one grey",
        encode(blank(640, 480, 0x808080), "png"),
        noFace());
    picture(
        "one-face.jpg", "one face (andrew's seed picture, re-encoded)", andrewJpeg, andrewsFace());
    picture(
        "thirty-faces.jpg",
        "30 faces of four other seed pictures, tiled 6 x 5",
        jpeg(thirtyFaces(), false),
        group(30));
  }

  /**
   * 30 seed faces, not andrew's: kevin, shivi, younes and shivi's second picture in turn, each
   * scaled to 144 x 144 in a 200 x 200 cell. (The detector finds every copy of these four; of some
   * other seed pictures, tiled 30 times, it misses a few.)
   */
  private static BufferedImage thirtyFaces() {
    List<String> people = List.of("kevin", "shivi", "younes", "shivi_test");
    BufferedImage canvas = blank(6 * 200, 5 * 200, 0xc8c8c8);
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    for (int i = 0; i < 30; i++) {
      BufferedImage face = read(Fixtures.seedImage(people.get(i % people.size()) + ".jpg"));
      g.drawImage(face, (i % 6) * 200 + 28, (i / 6) * 200 + 28, 144, 144, null);
    }
    g.dispose();
    return canvas;
  }

  private void fileNames() {
    for (String[] n :
        new String[][] {
          {"名前 Zoë 😀.jpg", "a face whose file name is Chinese, accented and an emoji"},
          {"it's \"me\".jpg", "a face whose file name has quotes"},
          {"x'); DROP TABLE person;--.jpg", "a face whose file name is SQL"},
          {
            "new\nline\tand\u0007bell.jpg",
            "a face whose file name holds a newline, a tab and a bell"
          },
          {"f".repeat(250) + ".jpg", "a face whose file name is 254 bytes long"},
        }) {
      picture(n[0], n[1], andrewJpeg, andrewsFace());
    }
    Path missing = dir.resolve("pictures").resolve("missing.jpg");
    entries.add(
        new Entry(
            "missing.jpg",
            Kind.PICTURE,
            "a file that does not exist",
            missing,
            null,
            notAFile("no such file", "no such file").cli,
            Map.of()));
    Path folder = dir.resolve("pictures").resolve("folder.jpg");
    try {
      Files.createDirectories(folder);
      Path zero = dir.resolve("pictures").resolve("dev-zero.jpg");
      Files.createSymbolicLink(zero, Path.of("/dev/zero"));
      entries.add(
          new Entry(
              "folder.jpg",
              Kind.PICTURE,
              "a folder named like a picture",
              folder,
              null,
              notAFile("is a folder", "is a folder")
                  .cli("recognize", Outcome.of(2, "no pictures in it"))
                  .cli,
              Map.of()));
      entries.add(
          new Entry(
              "dev-zero.jpg",
              Kind.PICTURE,
              "a link to /dev/zero (endless zeros)",
              zero,
              null,
              notAFile("not a regular file", "a line longer than").cli,
              Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- names ----

  private void names() {
    valid("name-nfc", "accented, composed (NFC)", "Zoë", "Zoë");
    valid("name-nfd", "accented, decomposed (NFD): stored composed", "Zoe\u0308", "Zoë");
    valid("name-cjk", "Chinese", "名前", "名前");
    valid("name-emoji", "an emoji and a space", "😀 smile", "😀 smile");
    valid("name-slash", "a slash", "a/b", "a/b");
    valid("name-dots", "a path that climbs", "../../etc/passwd", "../../etc/passwd");
    valid("name-quotes", "quotes", "O'Brien \"Bob\"", "O'Brien \"Bob\"");
    valid("name-sql", "SQL", "x'); DROP TABLE person;--", "x'); DROP TABLE person;--");
    valid("name-percent", "percent signs that look URL-encoded", "%2F%00", "%2F%00");
    valid("name-200", "200 characters, the longest allowed", "n".repeat(200), "n".repeat(200));
    // an empty or blank name leaves the route without its name, or the query without its value
    invalid("name-empty", "empty", "", "must not be empty")
        .http("POST /v1/people/{name}/faces", Outcome.of(404, "\"not_found\""))
        .http("GET /v1/people/{name}", Outcome.of(200, "\"name\":\"andrew\""))
        .http("POST /v1/verify?name={name}", Outcome.of(400, "\"bad_request\"", "say who"))
        .http("DELETE /v1/people/{name}", Outcome.of(404, "\"not_found\""));
    invalid("name-blank", "three spaces", "   ", "must not be blank")
        .http("POST /v1/verify?name={name}", Outcome.of(400, "\"bad_request\"", "say who"));
    invalid("name-padded", "a leading space", " andrew", "must not start or end with spaces");
    invalid("name-bell", "a bell character", "bell\u0007", "control or invisible characters");
    invalid("name-newline", "a newline", "line\nbreak", "control or invisible characters");
    invalid(
        "name-zero-width",
        "a zero-width space",
        "zero\u200Bwidth",
        "control or invisible characters");
    invalid(
        "name-rtl",
        "a right-to-left override",
        "evil\u202Etxt.exe",
        "control or invisible characters");
    invalid(
            "name-10kb",
            "10 KB of text",
            "the quick brown fox jumps over the lazy dog. ".repeat(228).substring(0, 10240),
            "at most 200 characters")
        // 30 KB of URL: Jetty refuses it before the service sees it (answered in the same JSON)
        .http("POST /v1/people/{name}/faces", URI_TOO_LONG)
        .http("GET /v1/people/{name}", URI_TOO_LONG)
        .http("POST /v1/verify?name={name}", URI_TOO_LONG)
        .http("DELETE /v1/people/{name}", URI_TOO_LONG);
    // The gallery holds "andrew": enrolling "ANDREW" is enrolling andrew.
    Expect upper = new Expect();
    upper.cli("enroll", Outcome.of(0, "Enrolled"));
    upper.cli("verify", Outcome.of(0, "Matched"));
    upper.cli("list", Outcome.of(0, "andrew").without("ANDREW"));
    upper.cli("remove", Outcome.of(0, "Removed"));
    upper.http("POST /v1/people/{name}/faces", Outcome.of(201, "\"name\":\"andrew\""));
    upper.http("GET /v1/people/{name}", Outcome.of(200, "\"name\":\"andrew\""));
    upper.http("POST /v1/verify?name={name}", Outcome.of(200, "\"match\":true"));
    upper.http("DELETE /v1/people/{name}", Outcome.of(204));
    name("name-upper-case", "ANDREW while andrew is enrolled: the same person", "ANDREW", upper);
  }

  private void valid(String id, String what, String name, String shown) {
    String json = Json.GSON.toJson(shown);
    Expect e = new Expect();
    e.cli("enroll", Outcome.of(0, "Enrolled " + shown + ": 1 picture"));
    // enrol stores the name composed (NFC); verify and remove answer with the stored spelling
    e.cli("verify", Outcome.of(0, "Matched: it's " + shown));
    e.cli("list", Outcome.of(0, shown, "andrew"));
    e.cli("remove", Outcome.of(0, "Removed " + shown + " and 1 encoding"));
    e.http("POST /v1/people/{name}/faces", Outcome.of(201, "\"name\":" + json));
    e.http("GET /v1/people/{name}", Outcome.of(200, "\"name\":" + json));
    e.http("POST /v1/verify?name={name}", Outcome.of(200, "\"match\":true"));
    e.http("DELETE /v1/people/{name}", Outcome.of(204));
    name(id, "a name with " + what, name, e);
  }

  private Expect invalid(String id, String what, String name, String why) {
    Expect e = new Expect();
    e.cli("enroll", Outcome.of(2, why));
    // nobody can have been enrolled under it, so asking for them is asking for nobody
    e.cli("verify", Outcome.of(2, "unknown name"));
    e.cli("list", Outcome.of(0, "andrew"));
    e.cli("remove", Outcome.of(2, "unknown name"));
    e.http("POST /v1/people/{name}/faces", Outcome.of(400, "\"bad_request\"", why));
    e.http("GET /v1/people/{name}", UNKNOWN_PERSON);
    e.http("POST /v1/verify?name={name}", UNKNOWN_PERSON);
    e.http("DELETE /v1/people/{name}", UNKNOWN_PERSON);
    name(id, "a name with " + what, name, e);
    return e;
  }

  private static final Outcome URI_TOO_LONG = Outcome.of(414, "\"uri_too_long\"");

  private static final Outcome UNKNOWN_PERSON = Outcome.of(404, "\"unknown_person\"");

  private void name(String id, String description, String name, Expect e) {
    // the maps themselves: invalid()'s callers still adjust some routes after this
    entries.add(new Entry(id, Kind.NAME, description, null, name, e.cli, e.http));
  }

  // ---- damaged gallery rows and export lines ----

  /** The encoding id each damaged gallery's bad row gets (its position in this list + 1001). */
  static final List<String[]> DAMAGED_ROWS =
      List.of(
          new String[] {
            "gallery-short-vector", "a row whose vector holds 100 bytes for 128 floats"
          },
          new String[] {"gallery-nan", "a row whose vector holds NaN"},
          new String[] {"gallery-wrong-dimension", "a resnet row of 64 floats"},
          new String[] {
            "gallery-unknown-model", "a row made by a model nobody knows (mystery-net)"
          });

  private void damagedGalleries() {
    for (int i = 0; i < DAMAGED_ROWS.size(); i++) {
      String[] row = DAMAGED_ROWS.get(i);
      String said = "gallery damaged: encoding " + (1001 + i) + " of broken (";
      Expect e = new Expect();
      if (row[0].equals("gallery-unknown-model")) {
        // not damage: a newer facenet, or another program, may have made it; it is kept, never
        // compared with resnet's, and check names it
        e.cli("verify", Outcome.of(2, "'broken' has no encodings made by resnet"));
        e.cli("recognize", Outcome.of(0, "It's andrew"));
        e.cli("export", Outcome.of(0, "Exported 2 encodings"));
        e.cli("check", Outcome.of(0, "mystery-net/dlib-chip-150: a model this facenet does not"));
        e.http(
            "POST /v1/verify?name=broken",
            Outcome.of(400, "\"bad_request\"", "has no encodings made by resnet"));
        e.http("POST /v1/recognize", Outcome.of(200, "\"name\":\"andrew\""));
      } else {
        e.cli("verify", Outcome.of(2, said));
        e.cli("recognize", Outcome.of(2, said));
        e.cli("export", Outcome.of(2, said));
        e.cli("check", Outcome.of(1, "encoding " + (1001 + i) + " of broken"));
        // the service's answer: a damaged gallery is the server's fault, not the request's
        e.http("POST /v1/verify?name=broken", Outcome.of(500, "\"gallery_damaged\"", said));
        e.http("POST /v1/recognize", Outcome.of(500, "\"gallery_damaged\"", said));
      }
      // listing and removing read no vectors
      e.http("GET /v1/people", Outcome.of(200, "\"name\":\"broken\"", "\"name\":\"andrew\""));
      e.http("GET /v1/people/broken", Outcome.of(200, "\"name\":\"broken\""));
      e.http("DELETE /v1/people/broken", Outcome.of(204));
      e.cli("list", Outcome.of(0, "broken", "andrew"));
      // the audit holds no vectors: a damaged one does not stop it
      e.cli("audit", Outcome.of(0, "andrew"));
      e.cli("remove", Outcome.of(0, "Removed broken"));
      entries.add(
          new Entry(
              row[0],
              Kind.GALLERY,
              "a gallery with andrew and " + row[1] + " of 'broken'",
              dir.resolve("galleries").resolve(row[0] + ".db"),
              "broken",
              Map.copyOf(e.cli),
              Map.copyOf(e.http)));
    }
  }

  private void damagedLines() {
    String v128 = vector(128, "0.01");
    lines(
        "lines-short-vector",
        "an export line of 127 numbers",
        line("kim", "resnet", vector(127, "0.01")),
        Outcome.of(2, "line 1", "nothing was imported"));
    lines(
        "lines-nan",
        "an export line holding NaN",
        line("kim", "resnet", "[NaN," + vector(127, "0.01").substring(1)),
        Outcome.of(2, "line 1", "nothing was imported"));
    lines(
        "lines-huge-number",
        "an export line holding 1e99",
        line("kim", "resnet", "[1e99," + vector(127, "0.01").substring(1)),
        Outcome.of(2, "line 1", "nothing was imported"));
    lines(
        "lines-wrong-dimension",
        "an export line of 64 numbers for resnet",
        line("kim", "resnet", vector(64, "0.01")),
        Outcome.of(2, "line 1", "nothing was imported"));
    lines(
        "lines-unknown-model",
        "an export line of a model nobody knows",
        line("kim", "mystery-net", v128),
        Outcome.of(2, "line 1", "mystery-net", "nothing was imported"));
    lines(
        "lines-not-json",
        "a line that is not JSON",
        "{\"name\": \"kim\", \"embedding\": [0.1,\n",
        Outcome.of(2, "line 1: not JSON", "nothing was imported"));
    lines(
        "lines-control-name",
        "an export line whose name holds a bell",
        line("k\u0007m", "resnet", v128),
        Outcome.of(2, "line 1", "control or invisible", "nothing was imported"));
    lines(
        "lines-10kb-name",
        "an export line whose name is 10 KB",
        line("x".repeat(10240), "resnet", v128),
        Outcome.of(2, "line 1", "at most 200 characters", "nothing was imported"));
    lines(
        "lines-second-bad",
        "a good line, then a line without a name",
        line("kim", "resnet", v128)
            + "{\"model\":\"resnet\",\"crop\":\"dlib-chip-150\",\"embedding\":"
            + v128
            + "}\n",
        Outcome.of(2, "line 2", "\"name\" is missing", "nothing was imported"));
    lines(
        "lines-unicode-name",
        "a good line whose name is Zoë 名前",
        line("Zoë 名前", "resnet", v128),
        Outcome.of(0, "Imported 1 encoding"));
  }

  private static String vector(int n, String value) {
    String[] v = new String[n];
    Arrays.fill(v, value);
    return "[" + String.join(",", v) + "]";
  }

  private static String line(String name, String model, String vector) {
    return "{\"name\":"
        + Json.GSON.toJson(name)
        + ",\"model\":\""
        + model
        + "\",\"crop\":\"dlib-chip-150\",\"embedding\":"
        + vector
        + "}\n";
  }

  private void lines(String id, String description, String content, Outcome expected) {
    Path file =
        CorpusFiles.write(
            dir.resolve("lines").resolve(id + ".jsonl"), content.getBytes(StandardCharsets.UTF_8));
    entries.add(
        new Entry(id, Kind.LINES, description, file, null, Map.of("import", expected), Map.of()));
  }

  /** Whole folders of the corpus's pictures, as recognize and enroll --dataset take them. */
  private void folders() {
    Path pictures = dir.resolve("pictures");
    entries.add(
        new Entry(
            "folder-of-pictures",
            Kind.FOLDER,
            "the corpus's picture files but the bombs, recognised in bulk, and as one person of a"
                + " dataset (beside two ORL people) enrolled, paired, evaluated, calibrated on and"
                + " trained on",
            pictures,
            null,
            Map.of(
                "recognize",
                Outcome.of(2, "could not be read", "it's andrew", ": no face found"),
                "enroll --dataset",
                Outcome.of(0, "\"refused\":[{", "\"pictures\":", "\"people\":3"),
                // pairs names pictures without reading them; names with white space it cannot
                // write are left out, and said so
                "pairs",
                Outcome.of(0, "Wrote", "of 3 people", "left out "),
                // a measurement stops at the first picture it cannot read, naming it: figures
                // that quietly left pictures out would not be the dataset's
                "evaluate --dataset",
                Outcome.of(2, "/corpus/").without("accuracy"),
                "calibrate --dataset",
                Outcome.of(2, "/corpus/").without("threshold stored"),
                // training takes what it can read and says what it skipped
                "train",
                Outcome.of(0, "warning: skipped a picture: ", "trained nn4-small2 for 1 epoch")),
            Map.of()));
  }

  // ---- helpers ----

  private static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      return CorpusFiles.copy(image, BufferedImage.TYPE_INT_RGB);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a JPEG's first scan (SOS) starts. */
  private static int scanStart(byte[] jpeg) {
    int i = 2;
    while (i + 4 < jpeg.length) {
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xDA) {
        return i;
      }
      i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
    }
    throw new IllegalStateException("no scan");
  }
}
