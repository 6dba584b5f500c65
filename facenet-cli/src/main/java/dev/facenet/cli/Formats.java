package dev.facenet.cli;

import dev.facenet.Match;
import dev.facenet.common.Face;
import dev.facenet.common.FaceQuality;
import dev.facenet.evaluate.VerificationDiagnosis;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the commands write numbers and faces for people and for JSON: the one home of these formats.
 */
final class Formats {
  private Formats() {}

  /**
   * "file: reason" for a file's failure, the file named once: the picture reader's messages already
   * start with it.
   */
  static String fileAndReason(String file, String reason) {
    return reason.startsWith(file + " ") || reason.startsWith(file + ": ")
        ? reason
        : file + ": " + reason;
  }

  /** The reason without the file's name in front, for a line that names the file itself. */
  static String withoutFile(String file, String reason) {
    return reason.startsWith(file + ": ") ? reason.substring(file.length() + 2) : reason;
  }

  /** The two people an ambiguous answer hesitates between: "A or B". */
  static String eitherOf(Match m) {
    return m.candidates().get(0).name() + " or " + m.candidates().get(1).name();
  }

  /**
   * A distance for people: four decimals, so values next to the threshold are not rounded onto it.
   */
  static String distance(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  /** "quality 0.83", and what pulls it down when anything does: "quality 0.62 (blurred)". */
  static String quality(FaceQuality q) {
    List<String> problems = q.problems();
    return String.format(Locale.ROOT, "quality %.2f", q.score())
        + (problems.isEmpty() ? "" : " (" + String.join(", ", problems) + ")");
  }

  /**
   * The warning for an answer about a face under the quality floor ("the face", or which face when
   * there are two), "" for any other (or none measured).
   */
  static String poorWarning(FaceQuality q, String face) {
    return q == null || !q.poor()
        ? ""
        : "  warning: " + face + " is too poor to trust the answer, " + quality(q);
  }

  /** A threshold as the user would write it: 0.6, not 0.6000. */
  static String threshold(double t) {
    return BigDecimal.valueOf(t).stripTrailingZeros().toPlainString();
  }

  /** A rate in percent with two decimals; "n/a" when there was nothing to measure it on. */
  static String percent(double rate) {
    return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  /** A figure for JSON: null when there was nothing to measure it on (or no bound was found). */
  static Double number(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static double round(double v, int decimals) {
    double k = Math.pow(10, decimals);
    return Math.round(v * k) / k;
  }

  /** A face's box for JSON: [x, y, w, h] in pixels with two decimals. */
  static double[] box(Face f) {
    return new double[] {
      round(f.box().x(), 2),
      round(f.box().y(), 2),
      round(f.box().width(), 2),
      round(f.box().height(), 2)
    };
  }

  /** A face's box for people: "face at [x, y, w, h]" in whole pixels. */
  static String boxText(Face f) {
    return String.format(
        Locale.ROOT,
        "face at [%.0f, %.0f, %.0f, %.0f]",
        f.box().x(),
        f.box().y(),
        f.box().width(),
        f.box().height());
  }

  /**
   * The three people with the most rejected same-person pairs, e.g. "s31 25 of 45, s36 18 of 45",
   * naming {@code where} the others are listed; "none" when no pair was rejected.
   */
  static String rejections(List<VerificationDiagnosis.Rejections> people, String where) {
    if (people.isEmpty()) {
      return "none";
    }
    String top =
        people.stream()
            .limit(3)
            .map(p -> p.person() + " " + p.rejected() + " of " + p.pairs())
            .collect(Collectors.joining(", "));
    return people.size() > 3 ? top + " (" + (people.size() - 3) + " more in " + where + ")" : top;
  }
}
