package dev.facenet;

import dev.facenet.common.CropMode;
import dev.facenet.common.Detector;
import dev.facenet.common.Embedding;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.NoFaceException;
import dev.facenet.common.Person;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.gallery.Gallery;
import dev.facenet.gallery.SqliteGallery;
import dev.facenet.image.ImageLoader;
import dev.facenet.pipeline.FaceFinder;
import dev.facenet.pipeline.FacePipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The library's front door, shaped like the seed notebook: {@link #encode}, {@link #verify} and
 * {@link #recognize}, plus {@link #enroll} to fill the gallery and {@link #faces} to see every face of a
 * photo. Pictures are photos: faces are detected, given landmarks and aligned to the encoder's chip before
 * encoding ({@link FacePipeline}); {@link Builder#wholeImage} keeps the old mode where the picture is the
 * face. One instance holds one encoder, the detection nets and (optionally) one gallery file; it is
 * thread-safe and meant to be kept open.
 *
 * <pre>{@code
 * try (FaceNet faces = FaceNet.builder().gallery(Path.of("people.db")).build()) {
 *   faces.enroll("shivi", Path.of("shivi.jpg"));
 *   Verification v = faces.verify(Path.of("shivi_test.jpg"), "shivi");
 *   Match who = faces.recognize(Path.of("camera_0.jpg"));
 * }
 * }</pre>
 */
public final class FaceNet implements AutoCloseable {
  /** The seed's (and dlib's) match threshold on the Euclidean distance. */
  public static final double DEFAULT_THRESHOLD = 0.6;
  /** Pictures encoded per network call when many are given. */
  public static final int BATCH = 32;

  private final FaceEncoder encoder;
  private final FaceFinder finder;
  private final FacePipeline pipeline;
  private final Gallery gallery;
  private final Double threshold;
  private final boolean enrollLargest;

  private FaceNet(FaceEncoder encoder, FaceFinder finder, boolean flip, Gallery gallery, Double threshold,
      boolean enrollLargest) {
    this.encoder = encoder;
    this.finder = finder;
    this.pipeline = new FacePipeline(finder, encoder, flip);
    this.gallery = gallery;
    this.threshold = threshold;
    this.enrollLargest = enrollLargest;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default encoder with a gallery file. */
  public static FaceNet open(Path galleryFile) {
    return builder().gallery(galleryFile).build();
  }

  /** The encoder in use. */
  public FaceEncoder encoder() {
    return encoder;
  }

  /** How faces are cut out of pictures, e.g. {@code dlib-chip-150}; stored with every encoding. */
  public String crop() {
    return pipeline.crop();
  }

  /** The photo pipeline (finder, aligner, encoder) this instance runs. */
  public FacePipeline pipeline() {
    return pipeline;
  }

  // ---- faces ----

  /** Every face in a picture file, most confident first; empty when there is none. */
  public List<Face> faces(Path image) {
    return faces(ImageLoader.load(image));
  }

  /** Every face in a picture, most confident first; empty when there is none. */
  public List<Face> faces(BufferedImage picture) {
    return pipeline.faces(picture);
  }

  /** The largest face of a picture file. */
  public Face largestFace(Path image) {
    return largest(faces(image), image.toString());
  }

  private static Face largest(List<Face> faces, String picture) {
    return faces.stream().max(Comparator.comparingDouble(Face::area))
        .orElseThrow(() -> new NoFaceException(picture + ": no face found"));
  }

  // ---- encode ----

  /** The encoding of the largest face in a picture file. */
  public Embedding encode(Path image) {
    return largestFace(image).embedding();
  }

  /** The encoding of the largest face in a picture. */
  public Embedding encode(BufferedImage picture) {
    return largest(faces(picture), "the picture").embedding();
  }

  /** The encodings of the largest face of each picture file. Fails on the first unreadable file. */
  public List<Embedding> encodeAll(List<Path> images) {
    if (pipeline.wholeImage()) {
      List<Embedding> out = new ArrayList<>(images.size());
      for (int from = 0; from < images.size(); from += BATCH) {
        List<Path> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
        out.addAll(pipeline.embed(chunk.stream().map(ImageLoader::load).toList()));
      }
      return out;
    }
    return images.stream().map(this::encode).toList();
  }

  // ---- gallery ----

  /** Encodes the pictures and stores them under {@code name}, all or nothing. */
  public List<Embedding> enroll(String name, Path... images) {
    return enroll(name, List.of(images));
  }

  /** Encodes the pictures and stores them under {@code name}, all or nothing. */
  public List<Embedding> enroll(String name, List<Path> images) {
    checkName(name);
    if (images.isEmpty()) {
      throw new FaceNetException("enrol " + name + ": no pictures given");
    }
    gallery(); // no gallery: say so before any picture is read
    List<Embedding> encodings = encodeForEnrollment(name, images); // all read and checked before the gallery is touched
    gallery().enroll(name, encodings);
    return encodings;
  }

  /**
   * The encodings {@link #enroll} would store for {@code name}, without storing them: one per picture, which
   * must show exactly one face (or, with {@link Builder#enrollLargest}, at least one: its largest is taken).
   */
  public List<Embedding> encodeForEnrollment(String name, List<Path> images) {
    checkName(name);
    if (images.isEmpty()) {
      throw new FaceNetException("enrol " + name + ": no pictures given");
    }
    List<Embedding> encodings = new ArrayList<>(images.size());
    for (Path image : images) {
      List<Face> faces = faces(image);
      if (faces.isEmpty()) {
        throw new NoFaceException("enrol " + name + ": " + image + ": no face found");
      }
      if (faces.size() > 1 && !enrollLargest) {
        throw new FaceNetException("enrol " + name + ": " + image + " has " + faces.size()
            + " faces; give a picture of one face, or take the largest (--largest)");
      }
      encodings.add(largest(faces, image.toString()).embedding());
    }
    return encodings;
  }

  public List<Person> people() {
    return gallery().people();
  }

  public boolean remove(String name) {
    return gallery().remove(name);
  }

  /** The threshold used when a call gives none: the one calibrated in the gallery, else 0.6. */
  public double threshold() {
    if (threshold != null) {
      return threshold;
    }
    if (gallery != null) {
      return gallery.threshold(encoder.name(), crop()).orElse(DEFAULT_THRESHOLD);
    }
    return DEFAULT_THRESHOLD;
  }

  // ---- verify / recognize ----

  /** Is the picture {@code name}? Judged against {@link #threshold()}. */
  public Verification verify(Path image, String name) {
    return verify(image, name, threshold());
  }

  public Verification verify(Path image, String name, double threshold) {
    checkThreshold(threshold);
    if (!gallery().contains(name)) {
      throw new FaceNetException("unknown name '" + name + "': not in the gallery");
    }
    List<Embedding> known = gallery().encodingsOf(name, encoder.name(), crop());
    if (known.isEmpty()) {
      throw new FaceNetException("'" + name + "' has no encodings made by " + encoder.name() + "/" + crop()
          + " (the gallery has " + String.join(", ", gallery().modelsInUse()) + "); enrol them again with this model");
    }
    Embedding probe = encode(image);
    double d = nearest(probe, known);
    return new Verification(name, d, d < threshold, threshold);
  }

  /**
   * Do two pictures show the same person? Compares their largest faces, judged against {@link #threshold()}; no
   * gallery is needed. Throws {@link NoFaceException} when either picture has no face.
   */
  public Comparison compare(Path first, Path second) {
    return compare(first, second, threshold());
  }

  public Comparison compare(Path first, Path second, double threshold) {
    checkThreshold(threshold);
    return compare(encode(first), encode(second), threshold);
  }

  /** The same for encodings already made (of the same model and crop). */
  public static Comparison compare(Embedding first, Embedding second, double threshold) {
    checkThreshold(threshold);
    double d = first.distanceTo(second);
    return new Comparison(d, d < threshold, threshold);
  }

  /**
   * Who is in the picture (its largest face): the nearest known person, or no one when farther than
   * {@link #threshold()}.
   */
  public Match recognize(Path image) {
    return recognize(image, threshold());
  }

  public Match recognize(Path image, double threshold) {
    checkThreshold(threshold);
    return recognize(encode(image), threshold);
  }

  /** Who each face of the picture is, one answer per face, most confident face first. */
  public List<FaceMatch> recognizeAll(Path image) {
    return recognizeAll(image, threshold());
  }

  public List<FaceMatch> recognizeAll(Path image, double threshold) {
    checkThreshold(threshold);
    List<FaceMatch> out = new ArrayList<>();
    for (Face f : faces(image)) {
      out.add(new FaceMatch(f, recognize(f.embedding(), threshold)));
    }
    return out;
  }

  /** Recognition of an encoding already made. */
  public Match recognize(Embedding probe, double threshold) {
    checkThreshold(threshold);
    Map<String, List<Embedding>> all = gallery().encodings(probe.model(), probe.crop());
    if (all.isEmpty()) {
      if (gallery().people().isEmpty()) {
        throw new FaceNetException("the gallery is empty: enrol someone first");
      }
      throw new FaceNetException("the gallery has no encodings made by " + probe.model() + "/" + probe.crop()
          + " (it has " + String.join(", ", gallery().modelsInUse()) + ")");
    }
    String best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, List<Embedding>> e : all.entrySet()) {
      double d = nearest(probe, e.getValue());
      if (d < bestDistance) {
        bestDistance = d;
        best = e.getKey();
      }
    }
    return Match.of(best, bestDistance, threshold);
  }

  private static double nearest(Embedding probe, List<Embedding> known) {
    double best = Double.POSITIVE_INFINITY;
    for (Embedding k : known) {
      best = Math.min(best, probe.distanceTo(k));
    }
    return best;
  }

  private Gallery gallery() {
    if (gallery == null) {
      throw new FaceNetException("no gallery: give one with --db FILE");
    }
    return gallery;
  }

  private static void checkName(String name) {
    Person.checkName(name); // before any picture is encoded
  }

  private static void checkThreshold(double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new FaceNetException("threshold must be a positive number, got " + t);
    }
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      try {
        if (finder != null) {
          finder.close();
        }
      } finally {
        if (gallery != null) {
          gallery.close();
        }
      }
    }
  }

  /**
   * Chooses the encoder, its weights, the gallery, a fixed threshold, and how faces are found: detector,
   * minimum confidence, flip, whole-image mode, and whether enrolment takes the largest of several faces.
   */
  public static final class Builder {
    private ModelName model = ModelName.DEFAULT;
    private CropMode crop = CropMode.ALIGNED;
    private boolean flip;
    private Detector detector = Detector.SSD;
    private double minConfidence = 0.5;
    private boolean tinyLandmarks;
    private boolean enrollLargest;
    private EncoderOptions options = EncoderOptions.defaults();
    private Path galleryFile;
    private Gallery gallery;
    private Double threshold;

    public Builder model(ModelName model) {
      this.model = Objects.requireNonNull(model);
      return this;
    }

    /** The encoder registered under this name; an unknown name is refused here. */
    public Builder model(String model) {
      return model(ModelName.of(model));
    }

    /** Weights folder for encoders that need one (nn4-small2). */
    public Builder weights(Path weights) {
      this.options = new EncoderOptions(weights, options.seed());
      return this;
    }

    public Builder encoderOptions(EncoderOptions options) {
      this.options = Objects.requireNonNull(options);
      return this;
    }

    /** The SQLite gallery file (created when missing). */
    public Builder gallery(Path file) {
      this.galleryFile = file;
      return this;
    }

    /** Any gallery implementation. */
    public Builder gallery(Gallery gallery) {
      this.gallery = gallery;
      return this;
    }

    /** A threshold that overrides the gallery's calibrated one and the default 0.6. */
    public Builder threshold(double threshold) {
      checkThreshold(threshold);
      this.threshold = threshold;
      return this;
    }

    /** How faces are cut out of pictures: found and aligned (the default), or the whole picture is the face. */
    public Builder crop(CropMode crop) {
      this.crop = Objects.requireNonNull(crop);
      return this;
    }

    /** The picture is the face: no detection, no alignment (crop {@code whole-image}); {@link #crop} with a flag. */
    public Builder wholeImage(boolean wholeImage) {
      return crop(wholeImage ? CropMode.WHOLE_IMAGE : CropMode.ALIGNED);
    }

    /** Encode each face as the mean of its chip's and the mirrored chip's encodings (crop name + "+flip"). */
    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    /** The detector tried first: {@link Detector#SSD} (default) or {@link Detector#TINY}. */
    public Builder detector(Detector detector) {
      this.detector = Objects.requireNonNull(detector);
      return this;
    }

    /** The detector's minimum confidence, strictly between 0 and 1 (default 0.5). */
    public Builder minConfidence(double minConfidence) {
      this.minConfidence = dev.facenet.detect.FaceDetector.checkConfidence(minConfidence);
      return this;
    }

    /** The tiny 68-point landmark net instead of the full one. */
    public Builder tinyLandmarks(boolean tinyLandmarks) {
      this.tinyLandmarks = tinyLandmarks;
      return this;
    }

    /** Enrolment takes the largest face of a picture with several, instead of refusing it. */
    public Builder enrollLargest(boolean enrollLargest) {
      this.enrollLargest = enrollLargest;
      return this;
    }

    public FaceNet build() {
      Gallery g = gallery != null ? gallery : galleryFile != null ? SqliteGallery.open(galleryFile) : null;
      FaceEncoder encoder = null;
      FaceFinder finder = null;
      try {
        encoder = FaceEncoders.open(model.id(), options);
        finder = crop == CropMode.WHOLE_IMAGE ? null : new FaceFinder(detector.id(), minConfidence, tinyLandmarks);
        return new FaceNet(encoder, finder, flip, g, threshold, enrollLargest);
      } catch (RuntimeException e) {
        if (finder != null) {
          finder.close();
        }
        if (encoder != null) {
          encoder.close();
        }
        if (g != null) {
          g.close();
        }
        throw e;
      }
    }
  }
}
