package dev.facenet.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How far one face can be trusted, from what can be measured on it before any gallery is asked: an
 * encoding of a small, blurred, turned-away, too dark or doubtfully detected face lands farther
 * from its person and nearer to strangers, so its answers fail more often. {@link #score()} folds
 * the measurements into one number from 0 (useless) to 1 (nothing wrong), the product of one factor
 * per measurement; {@link #problems()} names the measurements that pull it down, in words a user
 * can act on ("18 px wide", "blurred").
 *
 * <p>The factors' ramps were chosen on ORL and Yale, full size and shrunk, so that the score orders
 * the errors there (docs/ACCURACY.md, "Face quality"); the floor {@link #FLOOR} is where a face's
 * pairs start to fail several times as often as a good face's.
 *
 * @param width the face box's width in picture pixels
 * @param sharpness the inner face (brows to mouth, roll removed, at 64 px) as the ratio of its
 *     Laplacian's energy to its gradient's: about 1 for a crisp face, falling as blur or too few
 *     pixels spread its edges
 * @param yaw estimated turn to the side, degrees (0 frontal; positive when the nose points to the
 *     picture's right)
 * @param pitch estimated tilt up or down, degrees (0 level; positive looking down)
 * @param brightness mean brightness of the inner face, 0 (black) to 1 (white)
 * @param evenness how evenly the two halves of the face are lit: 1 the same, 0 one half black;
 *     shown, but not part of the score: Yale's faces lit from one side (evenness about 0.4) make no
 *     more errors than its evenly lit ones
 * @param confidence the detector's score, NaN when none ran
 */
public record FaceQuality(
    double width,
    double sharpness,
    double yaw,
    double pitch,
    double brightness,
    double evenness,
    double confidence) {

  /**
   * Under this score a face is too poor to trust: enrolment refuses it (unless forced), and answers
   * about it say so.
   */
  public static final double FLOOR = 0.35;

  /** One number from 0 to 1: the product of the measurements' factors. */
  public double score() {
    return sizeFactor()
        * sharpnessFactor()
        * poseFactor()
        * brightnessFactor()
        * confidenceFactor();
  }

  /** Is the face under {@link #FLOOR}? */
  public boolean poor() {
    return score() < FLOOR;
  }

  /**
   * What pulls the score down, one short phrase per measurement whose factor is under 0.7, worst
   * first; empty when nothing does.
   */
  public List<String> problems() {
    List<Problem> found = new ArrayList<>();
    found.add(new Problem(sizeFactor(), String.format(Locale.ROOT, "%.0f px wide", width)));
    found.add(new Problem(sharpnessFactor(), "blurred"));
    found.add(
        new Problem(
            yawFactor(),
            String.format(Locale.ROOT, "turned %.0f degrees to the side", Math.abs(yaw))));
    found.add(
        new Problem(
            pitchFactor(),
            String.format(
                Locale.ROOT,
                "tilted %.0f degrees %s",
                Math.abs(pitch),
                pitch > 0 ? "down" : "up")));
    found.add(new Problem(brightnessFactor(), brightness < 0.5 ? "too dark" : "too bright"));
    found.add(
        new Problem(
            confidenceFactor(), String.format(Locale.ROOT, "detector unsure (%.2f)", confidence)));
    return found.stream()
        .filter(p -> p.factor() < 0.7)
        .sorted(Comparator.comparingDouble(Problem::factor))
        .map(Problem::phrase)
        .toList();
  }

  /** A measurement's factor and what to say when it pulls the score down. */
  private record Problem(double factor, String phrase) {}

  /**
   * The quality as answers show it (JSON of the CLI and the service): the score, whether it is
   * poor, the problems in words, then the measurements, rounded.
   */
  public Summary summary() {
    return new Summary(
        round(score(), 3),
        poor(),
        problems(),
        round(width, 1),
        round(sharpness, 3),
        round(yaw, 1),
        round(pitch, 1),
        round(brightness, 3),
        round(evenness, 3),
        Double.isNaN(confidence) ? null : round(confidence, 4));
  }

  /** {@link FaceQuality} as answers show it; {@code confidence} null when no detector ran. */
  public record Summary(
      double score,
      boolean poor,
      List<String> problems,
      double width,
      double sharpness,
      double yaw,
      double pitch,
      double brightness,
      double evenness,
      Double confidence) {}

  private static double round(double v, int decimals) {
    double k = Math.pow(10, decimals);
    return Math.round(v * k) / k;
  }

  /** The same face in a picture resized by {@code factor}: only the width changes. */
  public FaceQuality scale(double factor) {
    return new FaceQuality(width * factor, sharpness, yaw, pitch, brightness, evenness, confidence);
  }

  /** 0 at 12 px wide (the smallest face found), 1 from 40 px, in between on a log scale. */
  double sizeFactor() {
    return ramp(Math.log(width), Math.log(12), Math.log(40));
  }

  double sharpnessFactor() {
    return ramp(sharpness, 0.35, 0.75);
  }

  double poseFactor() {
    return yawFactor() * pitchFactor();
  }

  double yawFactor() {
    return 1 - ramp(Math.abs(yaw), 25, 65);
  }

  double pitchFactor() {
    return 1 - ramp(Math.abs(pitch), 20, 50);
  }

  double brightnessFactor() {
    return ramp(brightness, 0.06, 0.2) * (1 - ramp(brightness, 0.85, 0.97));
  }

  /** 1 from 0.7; the whole-image mode's NaN (no detector) counts as 1. */
  double confidenceFactor() {
    return Double.isNaN(confidence) ? 1 : ramp(confidence, 0.2, 0.7);
  }

  /** 0 at or under {@code low}, 1 at or over {@code high}, smooth in between. */
  static double ramp(double value, double low, double high) {
    if (!(value > low)) {
      return 0;
    }
    if (value >= high) {
      return 1;
    }
    double t = (value - low) / (high - low);
    return t * t * (3 - 2 * t);
  }
}
