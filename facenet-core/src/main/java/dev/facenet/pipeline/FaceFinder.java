package dev.facenet.pipeline;

import dev.facenet.common.FaceNetException;
import dev.facenet.common.Landmarks;
import dev.facenet.detect.Detection;
import dev.facenet.detect.FaceDetector;
import dev.facenet.detect.MtcnnDetector;
import dev.facenet.detect.SsdMobilenetV1Detector;
import dev.facenet.detect.TinyFaceDetector;
import dev.facenet.landmarks.FaceLandmark68Net;
import dev.facenet.landmarks.FaceLandmark68TinyNet;
import dev.facenet.landmarks.LandmarkDetector;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds every face of a photo with its box, score and 68 landmarks: the first half of the photo
 * pipeline (detect, landmarks), kept apart from alignment and encoding so {@code facenet detect}
 * can use it alone.
 *
 * <p>When the chosen detector finds nothing, it tries harder in a fixed order and stops at the
 * first step that finds a face ({@link #steps()}): the chosen detector on the picture padded and
 * enlarged ({@link PaddedPicture}, for tight crops), the other detector as is and padded, then both
 * at a lower confidence, then MTCNN ({@link MtcnnDetector}, a cascade that looks at the picture in
 * another way) at its own default confidence, and last the chosen detector on the picture turned a
 * quarter either way and upside down ({@link TurnedPicture}: a sideways photo without an EXIF
 * orientation), its faces mapped back. A picture without a face runs all steps and still gives no
 * face. On a picture of at most {@value #SMALL_SIDE} pixels a side the first two steps swap: the
 * padded search comes first.
 *
 * <p>Photos larger than {@link WorkingPicture#MAX_SIDE} pixels are searched shrunk to that size, so
 * time and memory stay bounded whatever the photo; faces come back in the photo's pixels.
 *
 * <p>Thread-safe; the other detector and MTCNN are loaded on first need. Close it to free the
 * networks.
 */
public final class FaceFinder implements AutoCloseable {
  /** The detector used when none is named. */
  public static final String DEFAULT_DETECTOR = "ssd";

  /** Detector names. */
  public static final List<String> DETECTORS = List.of("ssd", "tiny");

  /** Pictures whose longer side is at most this many pixels are searched padded first. */
  public static final int SMALL_SIDE = 160;

  /** The lowered confidence of the last steps, as a share of the chosen one. */
  public static final double LOWER = 0.6;

  private final String primary;
  private final double minConfidence;
  private final List<SearchStep> steps;
  private final Lazy<FaceDetector> ssd = new Lazy<>(SsdMobilenetV1Detector::new);
  private final Lazy<FaceDetector> tiny = new Lazy<>(TinyFaceDetector::new);
  private final Lazy<FaceDetector> mtcnn = new Lazy<>(MtcnnDetector::new);
  private final LandmarkDetector landmarks;

  /** The default: SSD MobileNetV1 at 0.5 and the full landmark net. */
  public FaceFinder() {
    this(DEFAULT_DETECTOR, SsdMobilenetV1Detector.DEFAULT_MIN_CONFIDENCE, false);
  }

  /**
   * @param detector {@code ssd} or {@code tiny}: the one tried first
   * @param minConfidence its minimum confidence, strictly between 0 and 1
   * @param tinyLandmarks the tiny landmark net instead of the full one
   */
  public FaceFinder(String detector, double minConfidence, boolean tinyLandmarks) {
    if (!DETECTORS.contains(detector)) {
      throw new FaceNetException("unknown detector '" + detector + "' (known: ssd, tiny)");
    }
    FaceDetector.checkConfidence(minConfidence);
    this.primary = detector;
    this.minConfidence = minConfidence;
    String other = detector.equals("ssd") ? "tiny" : "ssd";
    double low = minConfidence * LOWER;
    this.steps =
        List.of(
            new SearchStep(detector, false, minConfidence, false),
            new SearchStep(detector, true, minConfidence, false),
            new SearchStep(other, false, minConfidence, false),
            new SearchStep(other, true, minConfidence, false),
            new SearchStep(detector, true, low, true),
            new SearchStep(other, true, low, true),
            new SearchStep("mtcnn", false, MtcnnDetector.DEFAULT_MIN_CONFIDENCE, false),
            new SearchStep(detector, false, minConfidence, false, 90),
            new SearchStep(detector, false, minConfidence, false, 270),
            new SearchStep(detector, false, minConfidence, false, 180));
    this.landmarks = tinyLandmarks ? new FaceLandmark68TinyNet() : new FaceLandmark68Net();
    if (detector.equals("ssd")) {
      ssd.get();
    } else {
      tiny.get();
    }
  }

  public String detector() {
    return primary;
  }

  public double minConfidence() {
    return minConfidence;
  }

  /** The search steps in the order they are tried. */
  public List<SearchStep> steps() {
    return steps;
  }

  /** Every face in the picture, most confident first; empty when no step finds one. */
  public List<FoundFace> find(BufferedImage picture) {
    return find(picture, Integer.MAX_VALUE);
  }

  /**
   * As {@link #find(BufferedImage)}, trying only the first {@code maxSteps} steps: a quick look for
   * where another picture comes soon (a video's next frame), and a picture without a face must not
   * cost every fallback.
   */
  public List<FoundFace> find(BufferedImage picture, int maxSteps) {
    WorkingPicture working = WorkingPicture.of(picture); // bounds every step's time and memory
    PaddedPicture padded = null;
    // Steps that differ only in confidence share one network run: a detector keeps the boxes above
    // the confidence and then suppresses overlaps greedily from the highest score down, and a box
    // can only be suppressed by a higher one, so the boxes of the lowest confidence, filtered to a
    // higher one, are exactly those found at the higher one.
    Map<String, List<Detection>> seen = new HashMap<>();
    Turned turned = null;
    int tried = 0;
    for (SearchStep step : stepsFor(working.image())) {
      if (tried++ == maxSteps) {
        break;
      }
      if (step.padded() && padded == null) {
        padded = PaddedPicture.of(working.image());
      }
      List<FoundFace> faces;
      if (step.turn() != 0) {
        if (turned == null) {
          turned = new Turned(working.image());
        }
        faces = turned.faces(step);
      } else if (step.detector().equals("mtcnn")) {
        faces = run(step, working.image()); // MTCNN shrinks the working copy further
      } else {
        BufferedImage searched = step.padded() ? padded.image() : working.image();
        List<Detection> all =
            seen.computeIfAbsent(
                step.detector() + (step.padded() ? " padded" : ""),
                k -> detector(step).detect(searched, lowest(step)));
        faces =
            locate(
                step,
                searched,
                padded,
                all.stream().filter(d -> d.score() > step.minConfidence()).toList());
      }
      if (!faces.isEmpty()) {
        return working.toPhoto(faces);
      }
    }
    return List.of();
  }

  /**
   * The steps in the order they are tried on {@code picture}: on a small picture (a tight crop of a
   * face, such as ORL's or the seed's) the padded search comes first, because the search as it
   * stands hardly ever finds a face that fills the frame and would cost a detector run for nothing
   * (on ORL: 8.1 pictures/s evaluated against 5.4, accuracy 99.42% against 99.47%).
   */
  List<SearchStep> stepsFor(BufferedImage picture) {
    if (Math.max(picture.getWidth(), picture.getHeight()) > SMALL_SIDE) {
      return steps;
    }
    List<SearchStep> order = new ArrayList<>(steps);
    order.set(0, steps.get(1));
    order.set(1, steps.get(0));
    return order;
  }

  /** The lowest confidence of the steps that run the same detector on the same picture. */
  private double lowest(SearchStep step) {
    return steps.stream()
        .filter(
            s ->
                s.detector().equals(step.detector())
                    && s.padded() == step.padded()
                    && s.turn() == 0)
        .mapToDouble(SearchStep::minConfidence)
        .min()
        .orElseThrow();
  }

  /** The faces one step finds, without falling back. */
  public List<FoundFace> run(SearchStep step, BufferedImage picture) {
    WorkingPicture working =
        WorkingPicture.of(
            picture,
            step.detector().equals("mtcnn")
                ? WorkingPicture.MTCNN_SIDE
                : step.turn() != 0 ? WorkingPicture.TURNED_SIDE : WorkingPicture.MAX_SIDE);
    if (step.turn() != 0) {
      return new Turned(picture).faces(step);
    }
    PaddedPicture padded = step.padded() ? PaddedPicture.of(working.image()) : null;
    BufferedImage searched = step.padded() ? padded.image() : working.image();
    return working.toPhoto(
        locate(step, searched, padded, detector(step).detect(searched, step.minConfidence())));
  }

  private FaceDetector detector(SearchStep step) {
    return switch (step.detector()) {
      case "ssd" -> ssd.get();
      case "tiny" -> tiny.get();
      case "mtcnn" -> mtcnn.get();
      default ->
          throw new FaceNetException("unknown detector '" + step.detector() + "' in a search step");
    };
  }

  /** Landmarks for a step's detections in the searched picture, all mapped to the unpadded one. */
  private List<FoundFace> locate(
      SearchStep step, BufferedImage searched, PaddedPicture padded, List<Detection> found) {
    if (found.isEmpty()) {
      return List.of();
    }
    List<Landmarks> points =
        landmarks.landmarks(searched, found.stream().map(Detection::box).toList());
    List<FoundFace> faces = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      Detection d = found.get(i);
      if (step.padded()) {
        faces.add(
            new FoundFace(
                padded.toOriginal(d.box()),
                d.score(),
                padded.toOriginal(points.get(i)),
                step.label()));
      } else {
        faces.add(new FoundFace(d.box(), d.score(), points.get(i), step.label()));
      }
    }
    return faces;
  }

  @Override
  public void close() {
    try {
      landmarks.close();
    } finally {
      try {
        ssd.close();
      } finally {
        try {
          tiny.close();
        } finally {
          mtcnn.close();
        }
      }
    }
  }

  /**
   * The turned searches of one picture: every turn's detections come from one batch of the detector
   * (one call costs less than three), made at the first turned step; each step then takes its own
   * turn's faces, so the order of the steps still decides.
   */
  private final class Turned {
    private final WorkingPicture working;
    private final Map<Integer, TurnedPicture> pictures = new HashMap<>();
    private final Map<Integer, List<Detection>> found = new HashMap<>();

    Turned(BufferedImage picture) {
      working = WorkingPicture.of(picture, WorkingPicture.TURNED_SIDE);
    }

    List<FoundFace> faces(SearchStep step) {
      if (!found.containsKey(step.turn())) {
        List<SearchStep> turns =
            steps.stream()
                .filter(s -> s.turn() != 0 && s.detector().equals(step.detector()))
                .toList();
        List<BufferedImage> images = new ArrayList<>();
        for (SearchStep s : turns) {
          TurnedPicture t = TurnedPicture.of(working.image(), s.turn());
          pictures.put(s.turn(), t);
          images.add(t.image());
        }
        double lowest = turns.stream().mapToDouble(SearchStep::minConfidence).min().orElseThrow();
        List<List<Detection>> all = detector(step).detectAll(images, lowest);
        for (int i = 0; i < turns.size(); i++) {
          found.put(turns.get(i).turn(), all.get(i));
        }
      }
      TurnedPicture t = pictures.get(step.turn());
      List<Detection> mine =
          found.get(step.turn()).stream().filter(d -> d.score() > step.minConfidence()).toList();
      return working.toPhoto(
          locate(step, t.image(), null, mine).stream().map(t::toOriginal).toList());
    }
  }

  /** A detector made on first use, closed with the finder. */
  private static final class Lazy<T extends FaceDetector> {
    private final Supplier<T> make;
    private T value;
    private boolean closed;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    synchronized T get() {
      if (closed) {
        throw new IllegalStateException("the face finder is closed");
      }
      if (value == null) {
        value = make.get();
      }
      return value;
    }

    synchronized void close() {
      closed = true;
      if (value != null) {
        value.close();
      }
    }
  }
}
