package dev.facenet;

import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.gallery.Gallery;
import dev.facenet.gallery.Person;
import dev.facenet.gallery.SqliteGallery;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The library's front door, shaped like the seed notebook: {@link #encode}, {@link #verify} and
 * {@link #recognize}, plus {@link #enroll} to fill the gallery. One instance holds one encoder and
 * (optionally) one gallery file; it is thread-safe and meant to be kept open.
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
  private final Gallery gallery;
  private final Double threshold;

  private FaceNet(FaceEncoder encoder, Gallery gallery, Double threshold) {
    this.encoder = encoder;
    this.gallery = gallery;
    this.threshold = threshold;
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

  /** How faces are cut out of pictures; stored with every encoding. */
  public String crop() {
    return Crops.WHOLE_IMAGE;
  }

  // ---- encode ----

  /** The encoding of a face picture file. */
  public Embedding encode(Path image) {
    return encode(ImageLoader.load(image));
  }

  /** The encoding of a face picture. */
  public Embedding encode(BufferedImage face) {
    return new Embedding(encoder.name(), crop(), encoder.encode(face));
  }

  /** The encodings of many picture files, computed in batches. Fails on the first unreadable file. */
  public List<Embedding> encodeAll(List<Path> images) {
    List<Embedding> out = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += BATCH) {
      List<Path> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
      List<BufferedImage> pictures = chunk.stream().map(ImageLoader::load).toList();
      for (float[] v : encoder.encode(pictures)) {
        out.add(new Embedding(encoder.name(), crop(), v));
      }
    }
    return out;
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
    List<Embedding> encodings = encodeAll(images); // everything is read before the gallery is touched
    gallery().enroll(name, encodings);
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

  /** Who is in the picture: the nearest known person, or no one when farther than {@link #threshold()}. */
  public Match recognize(Path image) {
    return recognize(image, threshold());
  }

  public Match recognize(Path image, double threshold) {
    return recognize(encode(image), threshold);
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
      if (gallery != null) {
        gallery.close();
      }
    }
  }

  /** Chooses the encoder, its weights, the gallery and a fixed threshold. */
  public static final class Builder {
    private String model = FaceEncoders.DEFAULT;
    private EncoderOptions options = EncoderOptions.defaults();
    private Path galleryFile;
    private Gallery gallery;
    private Double threshold;

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model);
      return this;
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

    public FaceNet build() {
      Gallery g = gallery != null ? gallery : galleryFile != null ? SqliteGallery.open(galleryFile) : null;
      try {
        return new FaceNet(FaceEncoders.open(model, options), g, threshold);
      } catch (RuntimeException e) {
        if (g != null) {
          g.close();
        }
        throw e;
      }
    }
  }
}
