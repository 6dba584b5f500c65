package dev.facenet.cli;

import dev.facenet.common.EnrolmentLines;
import dev.facenet.common.FaceNetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code facenet import}: stores the encodings of a {@code facenet export} file (or any file of the
 * same lines) in one transaction: a bad line is named and nothing is stored. No network is opened:
 * the encodings are taken as they are, so they must come from the model and crop they name.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Store the encodings of FILE (one JSON object per line, as written by export; - reads"
            + " stdin) in the gallery, all or nothing.")
final class ImportCommand extends FaceCommand {

  /** The gallery numbers the entries it refuses; here every line is one entry. */
  private static final Pattern ENTRY = Pattern.compile("^entry (\\d+)");

  /**
   * The longest line read, in characters: an encoding's line is a few thousand; a file with no line
   * ends (/dev/zero) is refused at this length instead of filling the memory.
   */
  static final long MAX_LINE = 1 << 20;

  @Mixin GalleryOption gallery;

  @Parameters(paramLabel = "FILE", description = "The lines to import; - for stdin.")
  Path file;

  @Override
  public Integer call() {
    try (BufferedReader in = open()) {
      return withGallery(
          gallery.creating(common.builder()),
          faces -> {
            long n;
            try {
              n = faces.importAll(EnrolmentLines.read(in));
            } catch (FaceNetException e) {
              throw new FaceNetException(
                  source() + ": " + lineNumbered(e.getMessage()) + "; nothing was imported", e);
            }
            if (json()) {
              printJson(new Imported(n));
            } else {
              out().println("Imported " + n + (n == 1 ? " encoding" : " encodings"));
            }
            return 0;
          });
    } catch (IOException e) {
      throw new FaceNetException("cannot read " + source() + ": " + e.getMessage(), e);
    }
  }

  /** What {@code --json} prints. */
  record Imported(long encodings) {}

  private BufferedReader open() throws IOException {
    if (file.toString().equals("-")) {
      return new BufferedReader(
          new LineLimit(new InputStreamReader(System.in, StandardCharsets.UTF_8), MAX_LINE),
          1 << 16);
    }
    if (Files.isDirectory(file)) {
      throw new FaceNetException(file + " is a folder, not a file of encodings");
    }
    if (!Files.exists(file)) {
      throw new FaceNetException(file + ": " + dev.facenet.common.MissingFile.why(file));
    }
    return new BufferedReader(
        new LineLimit(Files.newBufferedReader(file, StandardCharsets.UTF_8), MAX_LINE), 1 << 16);
  }

  private String source() {
    return file.toString().equals("-") ? "stdin" : file.toString();
  }

  private static String lineNumbered(String message) {
    Matcher m = ENTRY.matcher(message);
    return m.find() ? m.replaceFirst("line " + m.group(1)) : message;
  }
}
