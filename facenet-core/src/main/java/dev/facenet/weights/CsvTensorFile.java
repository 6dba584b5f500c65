package dev.facenet.weights;

import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One tensor of an OpenFace/Keras CSV weight folder: decimal numbers separated by commas (line
 * breaks are accepted as separators too), read into float32. Reading checks every value and the
 * count, and a problem is a {@link FaceNetException} naming the file and the count expected.
 * Writing uses the shortest decimal that reads back to the same float32, so a write then a read
 * gives the same bits.
 */
public final class CsvTensorFile {
  /** Longest text one float32 needs here, with room for other writers' exponents and spaces. */
  private static final int MAX_CHARS_PER_VALUE = 64;

  private CsvTensorFile() {}

  /**
   * Reads {@code file}, which must hold exactly {@code expected} numbers.
   *
   * @param what what the tensor is, for messages (e.g. "conv1 weight 64x3x7x7")
   */
  public static float[] read(Path file, int expected, String what) {
    String text;
    try {
      long size = Files.size(file);
      long most = (long) expected * MAX_CHARS_PER_VALUE + 4096;
      if (size > most) {
        throw new FaceNetException(
            file
                + ": "
                + size
                + " bytes is far too large for "
                + expected
                + " comma-separated numbers ("
                + what
                + ")");
      }
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (CharacterCodingException e) {
      throw malformed(file, "it is not plain ASCII text", expected, what);
    } catch (NoSuchFileException e) {
      throw new FaceNetException(
          file + ": missing (expected " + expected + " comma-separated numbers, " + what + ")");
    } catch (IOException e) {
      throw new FaceNetException(
          file
              + ": cannot read it ("
              + e.getMessage()
              + "; expected "
              + expected
              + " comma-separated numbers, "
              + what
              + ")",
          e);
    }
    float[] out = new float[expected];
    int count = 0;
    int n = text.length();
    int i = 0;
    boolean needValue = false;
    while (true) {
      while (i < n && isBlank(text.charAt(i))) {
        i++;
      }
      if (i == n) {
        if (needValue) {
          throw malformed(file, "it ends with a comma", expected, what);
        }
        break;
      }
      int start = i;
      while (i < n && text.charAt(i) != ',' && !isBlank(text.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw malformed(file, "empty value at number " + (count + 1), expected, what);
      }
      String token = text.substring(start, i);
      float v = parse(token);
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        throw malformed(
            file,
            "'" + shorten(token) + "' at number " + (count + 1) + " is not a finite decimal number",
            expected,
            what);
      }
      if (count < expected) {
        out[count] = v;
      }
      count++;
      while (i < n && isBlank(text.charAt(i))) {
        i++;
      }
      needValue = i < n && text.charAt(i) == ',';
      if (needValue) {
        i++;
      }
    }
    if (count != expected) {
      throw new FaceNetException(
          file + ": holds " + count + " numbers, expected " + expected + " (" + what + ")");
    }
    return out;
  }

  /**
   * Writes {@code values} as one line of comma-separated decimals (atomically, through {@link
   * AtomicFile}).
   */
  public static void write(Path file, float[] values) {
    try {
      AtomicFile.write(
          file,
          out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
            for (int i = 0; i < values.length; i++) {
              if (!Float.isFinite(values[i])) {
                throw new FaceNetException(
                    file
                        + ": value "
                        + (i + 1)
                        + " is "
                        + values[i]
                        + ", which the format cannot hold");
              }
              if (i > 0) {
                w.write(',');
              }
              w.write(decimal(values[i]));
            }
            w.write('\n');
            w.flush();
          });
    } catch (IOException e) {
      throw new FaceNetException(file + ": cannot write it (" + e.getMessage() + ")", e);
    }
  }

  /** Plain decimal (no exponent) of the shortest text Java reads back as the same float. */
  static String decimal(float v) {
    String s = Float.toString(v);
    if (s.indexOf('E') < 0) {
      return s;
    }
    return new BigDecimal(s).toPlainString();
  }

  /**
   * A decimal number: digits, one optional sign, point and exponent; no hex, no NaN, no type
   * suffix.
   */
  private static float parse(String token) {
    for (int k = 0; k < token.length(); k++) {
      char c = token.charAt(k);
      boolean ok =
          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!ok) {
        return Float.NaN;
      }
    }
    try {
      return Float.parseFloat(token);
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static String shorten(String token) {
    return token.length() <= 40 ? token : token.substring(0, 40) + "...";
  }

  private static FaceNetException malformed(Path file, String why, int expected, String what) {
    return new FaceNetException(
        file
            + ": malformed, "
            + why
            + " (expected "
            + expected
            + " comma-separated numbers, "
            + what
            + ")");
  }
}
