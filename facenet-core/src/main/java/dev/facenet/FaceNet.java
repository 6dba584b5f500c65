package dev.facenet;

import dev.facenet.DatasetPicture.Outcome;
import dev.facenet.common.Actor;
import dev.facenet.common.ContentHash;
import dev.facenet.common.CropMode;
import dev.facenet.common.DecodedPicture;
import dev.facenet.common.Detector;
import dev.facenet.common.Embedding;
import dev.facenet.common.Enrolment;
import dev.facenet.common.Face;
import dev.facenet.common.FaceChoice;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.GalleryCheck;
import dev.facenet.common.Neighbour;
import dev.facenet.common.NoFaceException;
import dev.facenet.common.Person;
import dev.facenet.common.PersonData;
import dev.facenet.common.PoorFaceException;
import dev.facenet.common.PoorFaces;
import dev.facenet.common.SearchMode;
import dev.facenet.common.UnknownNameException;
import dev.facenet.embed.BatchingEncoder;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoderProvider;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.embed.OpeningEncoder;
import dev.facenet.gallery.Galleries;
import dev.facenet.gallery.Gallery;
import dev.facenet.image.ImageLoader;
import dev.facenet.pipeline.FaceFinder;
import dev.facenet.pipeline.FacePipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The library's front door, shaped like the seed notebook: {@link #encode}, {@link #verify} and
 * {@link #recognize}, plus {@link #enroll} to fill the gallery and {@link #faces} to see every face
 * of a photo. Pictures are photos: faces are detected, given landmarks and aligned to the encoder's
 * chip before encoding ({@link FacePipeline}); {@link Builder#wholeImage} keeps the old mode where
 * the picture is the face. One instance holds one encoder, the detection nets and (optionally) one
 * gallery file; it is thread-safe and meant to be kept open. The networks are opened on first use
 * (once, whichever thread comes first), so an instance that only lists or removes people loads
 * none; a gallery file that does not exist yet is created when it is first used, so a failed
 * enrolment leaves no empty file behind.
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

  /**
   * The match threshold for encodings averaged with their mirror image ({@link Builder#flip}): the
   * average of two views of a face is nearer every other face than either view, so 0.6 would accept
   * more strangers (3.2% of ORL's different-person pairs against 2.2% without flip, 4.9% of Yale's
   * against 4.4%). This is the threshold under which mirror-averaged encodings accept the same
   * share of different people as 0.6 does for plain ones: 0.5874 on ORL and 0.5873 on Yale, every
   * same-person pair still accepted ({@code scripts/flip-threshold.py}).
   */
  public static final double DEFAULT_FLIP_THRESHOLD = 0.587;

  /**
   * How much nearer the nearest person must be than the second-nearest, when both are under the
   * threshold, for {@link #recognize} to name them ({@link Match#ambiguous()}). Chosen on ORL and
   * Yale with the default pipeline, half the people enrolled from one picture each (200 splits), at
   * the threshold 0.6: 0.03 turns about one in six or nine of the strangers' false alarms into
   * "ambiguous" (FPIR 33.3% to 27.9% on ORL, 22.5% to 20.0% on Yale) for 0.2 to 0.26 points of
   * FNIR, while 0.05 doubles that cost for little more; with several pictures per person it cost no
   * right answer on either ({@code scripts/ambiguity-sweep.py}, docs/ACCURACY.md).
   */
  public static final double DEFAULT_AMBIGUITY_MARGIN = 0.03;

  /**
   * About the narrowest face the search finds, in pixels: of Yale's 164 pictures shrunk so that
   * faces are 16 px wide 163 are still found, at 12 px 140 (though recognition at those sizes is
   * poor: 91% and 71% verification accuracy). A picture narrower than this cannot show a face that
   * would be found.
   */
  public static final int SMALLEST_FACE = 12;

  /** Pictures encoded per network call when many are given. */
  public static final int BATCH = BatchingEncoder.MAX_BATCH;

  /**
   * Encodings {@link #enrollDataset} stores per transaction: an interruption loses at most this
   * many pictures' work, and a commit (a file sync on SQLite, a round trip on a server) is paid
   * once per this many pictures rather than per picture.
   */
  public static final int DATASET_BATCH = 64;

  private final ModelName model;
  private final EncoderOptions options;
  private final CropMode cropMode;
  private final Detector detector;
  private final double minConfidence;
  private final boolean tinyLandmarks;
  private final boolean flip;
  private final String galleryAt;
  private final Double threshold;
  private final double ambiguityMargin;
  private final boolean enrollLargest;
  private final PoorFaces poorFaces;
  private final SearchMode search;

  /** The encoder's provider: its name and aligner are known without loading weights. */
  private final FaceEncoderProvider provider;

  /** The crop tag of this instance's encodings, fixed by the model, the crop mode and flip. */
  private final String crop;

  private final Object lock = new Object();
  private volatile Networks networks;
  private volatile Gallery gallery;
  private final AccessKeys keys = new AccessKeys(this::gallery);
  private boolean closed;

  /**
   * The encoder, the face finder (null in whole-image mode) and the pipeline over them, opened
   * together.
   */
  private record Networks(OpeningEncoder encoder, FaceFinder finder, FacePipeline pipeline) {}

  private FaceNet(Builder b, Gallery gallery) {
    this.model = b.model;
    this.options = b.options;
    this.cropMode = b.crop;
    this.detector = b.detector;
    this.minConfidence = b.minConfidence;
    this.tinyLandmarks = b.tinyLandmarks;
    this.flip = b.flip;
    this.galleryAt = b.galleryAt;
    this.gallery = gallery;
    this.threshold = b.threshold;
    this.ambiguityMargin = b.ambiguityMargin;
    this.enrollLargest = b.enrollLargest;
    this.poorFaces = b.poorFaces;
    this.search = b.search;
    this.provider = FaceEncoders.provider(model.id());
    this.crop =
        FacePipeline.crop(cropMode == CropMode.WHOLE_IMAGE ? null : provider.aligner(), flip);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default encoder with a gallery file. */
  public static FaceNet open(Path galleryFile) {
    return builder().gallery(galleryFile).build();
  }

  /** The encoder in use (opened now if it was not yet). */
  public FaceEncoder encoder() {
    return networks().encoder().opened();
  }

  /** The name of the encoder in use; known without opening it. */
  public ModelName model() {
    return model;
  }

  /**
   * The encoder's warning (e.g. random weights), once it has been opened: empty while no picture
   * was encoded.
   */
  public Optional<String> warning() {
    Networks n = networks;
    return n == null ? Optional.empty() : n.encoder().warning();
  }

  /** How faces are cut out of pictures, e.g. {@code dlib-chip-150}; stored with every encoding. */
  public String crop() {
    return crop; // known without opening a network
  }

  /**
   * The photo pipeline (finder, aligner, encoder) this instance runs (opened now if it was not
   * yet).
   */
  public FacePipeline pipeline() {
    return networks().pipeline();
  }

  /**
   * A picture file as the pipeline reads it: any supported format, EXIF orientation applied,
   * subsampled when too large to decode in full ({@link ImageLoader#MAX_DECODED_PIXELS}).
   */
  public static DecodedPicture read(Path image) {
    return ImageLoader.read(image);
  }

  /**
   * Starts opening the networks on a background thread and returns at once, so that they load while
   * the caller reads its first picture (a large photo takes about as long to decode as the native
   * library takes to start). The face search's networks open at once; the encoder starts loading
   * when a call first needs encodings (a photo search starts it and runs meanwhile), so work that
   * only locates faces never loads it. A failure is not reported here: the first call that needs
   * the networks opens them again and reports it.
   */
  public void prepare() {
    if (networks != null) {
      return;
    }
    Thread opener =
        new Thread(
            () -> {
              try {
                Networks n = networks();
                if (n.finder() == null) {
                  n.encoder().prepare(); // whole-image mode: the encoder is the first network used
                }
              } catch (RuntimeException reportedLater) {
                // the caller's first use of the networks tries again and says what is wrong
              }
            },
            "facenet-prepare");
    opener.setDaemon(true);
    opener.start();
  }

  /** Opens the networks on first use; every later call, from any thread, gets the same ones. */
  private Networks networks() {
    Networks n = networks;
    if (n != null) {
      return n;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("this FaceNet is closed");
      }
      if (networks == null) {
        networks = openNetworks();
      }
      return networks;
    }
  }

  private Networks openNetworks() {
    OpeningEncoder encoder =
        new OpeningEncoder(provider, () -> new BatchingEncoder(provider.open(options)));
    FaceFinder finder = null;
    try {
      finder =
          cropMode == CropMode.WHOLE_IMAGE
              ? null
              : new FaceFinder(detector.id(), minConfidence, tinyLandmarks);
      return new Networks(encoder, finder, new FacePipeline(finder, encoder, flip));
    } catch (RuntimeException e) {
      if (finder != null) {
        finder.close();
      }
      try {
        encoder.close();
      } catch (RuntimeException loadFailure) {
        e.addSuppressed(loadFailure);
      }
      throw e;
    }
  }

  // ---- faces ----

  /**
   * Every face in a picture file, most confident first; empty when there is none. Boxes and
   * landmarks are in the file's pixels, also for a huge picture that was decoded subsampled ({@link
   * ImageLoader#MAX_DECODED_PIXELS}).
   */
  public List<Face> faces(Path image) {
    return faces(read(image));
  }

  /** Every face of a picture (a file or uploaded bytes), in its own pixels. */
  public List<Face> faces(Picture picture) {
    return faces(picture.decode());
  }

  /** Every face of a decoded picture file, in the file's pixels. */
  public List<Face> faces(DecodedPicture picture) {
    return picture.toFile(faces(picture.image()));
  }

  /** Every face in a picture, most confident first; empty when there is none. */
  public List<Face> faces(BufferedImage picture) {
    return pipeline().faces(picture);
  }

  /**
   * Where the faces of a decoded picture file are, in the file's pixels, without encodings ({@code
   * embedding} null): the face search alone, which never loads the encoder. What {@code detect}
   * shows.
   */
  public List<Face> locate(Picture picture) {
    return locate(picture.decode());
  }

  /** As {@link #locate(Picture)} for a picture already decoded. */
  public List<Face> locate(DecodedPicture picture) {
    return picture.toFile(pipeline().locate(picture.image()));
  }

  /**
   * Where the faces of a picture already in memory are (a video frame, say), without encodings: the
   * face search alone, as {@link #locate(Picture)}.
   */
  public List<Face> locate(BufferedImage picture) {
    return pipeline().locate(picture);
  }

  /**
   * A quick look for faces: the chosen detector on the picture as it stands, without the fallback
   * steps (padded, the other detector, a lower confidence, MTCNN, turned) that {@link
   * #locate(BufferedImage)} tries when it finds nothing. For a stream of pictures (video frames),
   * where the next one is another chance and most have no face: a frame without a face costs one
   * detector run, not ten.
   */
  public List<Face> locateQuickly(BufferedImage picture) {
    return pipeline().locate(picture, 1);
  }

  /**
   * Encodes faces {@link #locate(BufferedImage) located} in {@code picture} earlier, in their
   * order, each returned with its encoding: so a caller that follows faces over many frames (a
   * video) locates every frame but encodes only the faces it needs to name.
   */
  public List<Face> encodeLocated(BufferedImage picture, List<Face> located) {
    return pipeline().encode(picture, located);
  }

  /** The largest face of a picture file. */
  public Face largestFace(Path image) {
    return largestFace(Picture.of(image));
  }

  /** The largest face of a picture. */
  public Face largestFace(Picture picture) {
    DecodedPicture decoded = picture.decode();
    return largest(faces(decoded), picture.label(), decoded.image());
  }

  private static Face largest(List<Face> faces, String label, BufferedImage picture) {
    return FaceChoice.main(faces, Face::box, Face::score).orElseThrow(() -> noFace(label, picture));
  }

  /**
   * "No face found", with the picture's size when it is too small to hold a face the search can
   * find, so that the user knows why.
   */
  private static NoFaceException noFace(String label, BufferedImage picture) {
    return new NoFaceException(label + ": " + noFaceFound(picture));
  }

  /**
   * What to say of a picture in which no face was found: "no face found", with the picture's size
   * when it is smaller than the smallest face the search can find.
   */
  public static String noFaceFound(DecodedPicture picture) {
    return noFaceFound(picture.image());
  }

  private static String noFaceFound(BufferedImage picture) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    return "no face found"
        + (Math.min(w, h) < SMALLEST_FACE
            ? " (the picture is "
                + w
                + " x "
                + h
                + " pixels: smaller than the smallest face that can be found, about "
                + SMALLEST_FACE
                + " pixels wide)"
            : "");
  }

  // ---- encode ----

  /** The encoding of the largest face in a picture file. */
  public Embedding encode(Path image) {
    return encode(Picture.of(image));
  }

  /** The encoding of the largest face in a picture. */
  public Embedding encode(Picture picture) {
    return largestFace(picture).embedding();
  }

  /** The encoding of the largest face in a picture. */
  public Embedding encode(BufferedImage picture) {
    return largest(faces(picture), "the picture", picture).embedding();
  }

  /** The encodings of the largest face of each picture file. Fails on the first unreadable file. */
  public List<Embedding> encodeAll(List<Path> images) {
    return largestFaces(images).stream().map(Face::embedding).toList();
  }

  /**
   * The largest face of each picture file, with its encoding and quality (in whole-image mode each
   * whole picture, encoded in batches). Fails on the first unreadable file or picture without a
   * face.
   */
  public List<Face> largestFaces(List<Path> images) {
    if (pipeline().wholeImage()) {
      List<Face> out = new ArrayList<>(images.size());
      for (int from = 0; from < images.size(); from += BATCH) {
        List<BufferedImage> chunk =
            images.subList(from, Math.min(images.size(), from + BATCH)).stream()
                .map(ImageLoader::load)
                .toList();
        List<Embedding> encoded = pipeline().embed(chunk);
        for (int i = 0; i < chunk.size(); i++) {
          out.add(FacePipeline.wholePicture(chunk.get(i), encoded.get(i)));
        }
      }
      return out;
    }
    return images.stream().map(this::largestFace).toList();
  }

  // ---- gallery ----

  /** Encodes the pictures and stores them under {@code name}, all or nothing. */
  public List<Embedding> enroll(String name, Path... images) {
    return enroll(name, List.of(images));
  }

  /** Encodes the pictures and stores them under {@code name}, all or nothing. */
  public List<Embedding> enroll(String name, List<Path> images) {
    return enrollPictures(name, images.stream().map(Picture::of).toList(), Actor.local());
  }

  /** The same for pictures that are files or uploaded bytes. */
  public List<Embedding> enroll(String name, Picture... pictures) {
    return enrollPictures(name, List.of(pictures), Actor.local());
  }

  /**
   * As {@link #enroll(String, Picture...)}, written in the gallery's audit as done by {@code by}.
   */
  public List<Embedding> enroll(Actor by, String name, Picture... pictures) {
    return enroll(by, name, poorFaces, pictures);
  }

  /**
   * As {@link #enroll(Actor, String, Picture...)}, with faces under the quality floor refused or
   * accepted as {@code poor} says (instead of as the builder said).
   */
  public List<Embedding> enroll(Actor by, String name, PoorFaces poor, Picture... pictures) {
    return enrollPictures(name, List.of(pictures), by, poor);
  }

  private List<Embedding> enrollPictures(String name, List<Picture> pictures, Actor by) {
    return enrollPictures(name, pictures, by, poorFaces);
  }

  private List<Embedding> enrollPictures(
      String name, List<Picture> pictures, Actor by, PoorFaces poor) {
    checkName(name);
    if (pictures.isEmpty()) {
      throw new FaceNetException("enrol " + name + ": no pictures given");
    }
    requireGallery(); // no gallery: say so before any picture is read
    List<Embedding> encodings =
        encodingsToEnrol(
            name, pictures, poor); // all read and checked before the gallery is touched
    // with their pictures' hashes, so a later enrollDataset over the same files skips them
    List<ContentHash> hashes = pictures.stream().map(Picture::hash).toList();
    gallery().enroll(name, encodings, hashes, by);
    return encodings;
  }

  /**
   * The encodings {@link #enroll} would store for {@code name}, without storing them: one per
   * picture, which must show exactly one face (or, with {@link Builder#enrollLargest}, at least
   * one: its largest is taken).
   */
  public List<Embedding> encodeForEnrollment(String name, List<Path> images) {
    return encodingsToEnrol(name, images.stream().map(Picture::of).toList(), poorFaces);
  }

  private List<Embedding> encodingsToEnrol(String name, List<Picture> pictures, PoorFaces poor) {
    checkName(name);
    if (pictures.isEmpty()) {
      throw new FaceNetException("enrol " + name + ": no pictures given");
    }
    List<Embedding> encodings = new ArrayList<>(pictures.size());
    for (Picture picture : pictures) {
      try {
        encodings.add(enrolmentEncoding(picture, poor));
      } catch (NoFaceException e) {
        throw new NoFaceException("enrol " + name + ": " + e.getMessage());
      } catch (PoorFaceException e) {
        throw e.prefixed("enrol " + name + ": ");
      } catch (FaceNetException e) {
        throw new FaceNetException("enrol " + name + ": " + e.getMessage(), e);
      }
    }
    return encodings;
  }

  /**
   * The encoding enrolment takes from one picture: its only face, or with {@link
   * Builder#enrollLargest} its largest; unless {@code poor} accepts them, a face under the quality
   * floor is refused with what is wrong with it.
   */
  private Embedding enrolmentEncoding(Picture image, PoorFaces poor) {
    DecodedPicture decoded = image.decode();
    List<Face> faces = faces(decoded);
    if (faces.isEmpty()) {
      throw noFace(image.label(), decoded.image());
    }
    if (faces.size() > 1 && !enrollLargest) {
      throw new FaceNetException(
          image.label()
              + " has "
              + faces.size()
              + " faces; give a picture of one face, or take the largest (--largest)");
    }
    Face face = largest(faces, image.label(), decoded.image());
    if (poor == PoorFaces.REFUSE && face.quality() != null && face.quality().poor()) {
      throw PoorFaceException.of(image.label(), face.quality());
    }
    return face.embedding();
  }

  // ---- bulk ----

  /**
   * The pictures under a folder, recursively, sorted by path: the files whose name ends in a
   * picture format (jpg, jpeg, png, bmp, gif, pgm, ppm, tif, tiff, webp); hidden files are left
   * out.
   */
  public static List<Path> picturesIn(Path folder) {
    return PictureFiles.picturesUnder(folder);
  }

  /**
   * The encodings {@link #encodeForEnrollment} would make, for many pictures at once on {@link
   * #recognizeEach}'s workers, streamed to {@code sink} in input order; a picture that cannot be
   * enrolled (unreadable, no face, several faces) is reported as skipped and does not stop the
   * others. The sink is called on the calling thread.
   */
  public void encodeEach(List<Path> images, Consumer<PictureEncoding> sink) {
    encodeEach(images, InOrder.defaultWorkers(), sink);
  }

  /** As {@link #encodeEach(List, Consumer)} with this many pictures worked on at once. */
  public void encodeEach(List<Path> images, int workers, Consumer<PictureEncoding> sink) {
    InOrder.run(
        images,
        workers,
        image -> {
          try {
            return new PictureEncoding(
                image, enrolmentEncoding(Picture.of(image), poorFaces), null);
          } catch (RuntimeException e) {
            return new PictureEncoding(image, null, oneLine(e));
          }
        },
        sink);
  }

  /**
   * Enrols a folder-per-person dataset, resumably. Each picture file is hashed first (SHA-256 of
   * its bytes, {@link ContentHash}), and the gallery is asked once for all of them: a picture it
   * already holds for the same person, model and crop is skipped unread, so a run after an
   * interruption, or after pictures were added to the folders, encodes only what is new. The others
   * are encoded concurrently ({@link #encodeEach}) and stored with their hash in batches of {@link
   * #DATASET_BATCH}, each one transaction, all or nothing: a run that stops (Ctrl-C, a crash, a
   * listener that throws) keeps every batch committed before it, and loses at most the batch under
   * way.
   *
   * <p>Refused, and listed in the answer with the reason: files that are not pictures, pictures
   * that cannot be read or enrolled (no face, several faces), and a later copy of a picture earlier
   * in the same person's folder (refused in every run, so an interrupted and resumed run stores
   * exactly what an uninterrupted one stores). The same picture in another person's folder is
   * stored, with a warning. {@code each} sees every picture once, in the dataset's order, as the
   * run goes on (for progress). Fails, storing nothing, when no picture could be enrolled and none
   * was enrolled before.
   */
  public DatasetEnrolment enrollDataset(DatasetFolder dataset, Consumer<DatasetPicture> each) {
    return enrollDataset(dataset, InOrder.defaultWorkers(), DATASET_BATCH, each);
  }

  /** As {@link #enrollDataset(DatasetFolder, Consumer)} for a dataset folder. */
  public DatasetEnrolment enrollDataset(Path root) {
    return enrollDataset(DatasetFolder.scan(root), picture -> {});
  }

  /**
   * As {@link #enrollDataset(DatasetFolder, Consumer)} with this many pictures worked on at once
   * and this many encodings per transaction.
   */
  DatasetEnrolment enrollDataset(
      DatasetFolder dataset, int workers, int batch, Consumer<DatasetPicture> each) {
    requireGallery(); // no gallery: say so before any picture is read
    if (batch < 1) {
      throw new FaceNetException("the batch size must be at least 1, got " + batch);
    }
    List<DatasetFolder.Picture> pictures = dataset.pictures();
    if (pictures.isEmpty()) {
      throw new FaceNetException(
          dataset.root() + ": no pictures (expected one sub-folder of pictures per person)");
    }
    prepare(); // the networks load while the files are hashed: the gallery is asked by model and
    // crop
    ContentHash[] hashes = hashAll(pictures, workers);
    DatasetPlan plan = DatasetPlan.of(pictures, hashes, storedPictures(hashes));

    List<DatasetFolder.Skipped> refused = new ArrayList<>(dataset.skipped());
    List<Enrolment> pending = new ArrayList<>(batch);
    Set<String> people = new HashSet<>();
    int[] stored = {0};
    // pictures that need no encoding are reported when the encoded ones reach them, in order
    int[] reported = {0};
    IntConsumer reportUpTo =
        end -> {
          for (; reported[0] < end; reported[0]++) {
            int i = reported[0];
            DatasetFolder.Picture picture = pictures.get(i);
            String why = plan.refused()[i];
            if (why != null) {
              refused.add(new DatasetFolder.Skipped(picture.image(), why));
              each.accept(
                  new DatasetPicture(picture.name(), picture.image(), Outcome.REFUSED, why));
            } else if (plan.alreadyEnrolled()[i]) {
              each.accept(
                  new DatasetPicture(
                      picture.name(), picture.image(), Outcome.ALREADY_ENROLLED, null));
            }
          }
        };
    List<Integer> toEncode = plan.toEncode();
    int[] at = {0};
    encodeEach(
        toEncode.stream().map(i -> pictures.get(i).image()).toList(),
        workers,
        result -> {
          int i = toEncode.get(at[0]++); // results come in input order
          reportUpTo.accept(i);
          DatasetFolder.Picture picture = pictures.get(i);
          reported[0] = i + 1;
          if (result.encoded()) {
            pending.add(new Enrolment(picture.name(), result.embedding(), hashes[i]));
            if (pending.size() == batch) {
              stored[0] += store(pending, people);
            }
            each.accept(new DatasetPicture(picture.name(), picture.image(), Outcome.ENCODED, null));
          } else {
            refused.add(new DatasetFolder.Skipped(picture.image(), result.skipped()));
            each.accept(
                new DatasetPicture(
                    picture.name(), picture.image(), Outcome.REFUSED, result.skipped()));
          }
        });
    stored[0] += store(pending, people);
    reportUpTo.accept(pictures.size());
    if (stored[0] == 0 && plan.alreadyEnrolledCount() == 0) {
      throw new FaceNetException(
          dataset.root()
              + ": no picture could be enrolled ("
              + refused.size()
              + " refused, e.g. "
              + refused.get(0).file()
              + ": "
              + refused.get(0).reason()
              + ")");
    }
    refused.sort(Comparator.comparing(DatasetFolder.Skipped::file));
    return new DatasetEnrolment(
        people.size(), stored[0], plan.alreadyEnrolledCount(), refused, plan.warnings());
  }

  /**
   * Stores the pending encodings in one transaction (the gallery created if need be) and empties
   * the list; returns how many.
   */
  private int store(List<Enrolment> pending, Set<String> people) {
    if (pending.isEmpty()) {
      return 0;
    }
    int n = (int) gallery().enrollAll(pending.iterator());
    pending.forEach(e -> people.add(Person.key(e.name())));
    pending.clear();
    return n;
  }

  /**
   * The hash of every picture file, on the workers (reading is cheap next to decoding and detecting
   * a face, but not free on a large dataset); null for a file that cannot be read.
   */
  private static ContentHash[] hashAll(List<DatasetFolder.Picture> pictures, int workers) {
    ContentHash[] out = new ContentHash[pictures.size()];
    int[] at = {0};
    InOrder.run(
        pictures,
        workers,
        picture -> {
          try {
            return ContentHash.of(picture.image());
          } catch (FaceNetException unreadable) {
            return null; // refused later, when its decoding says why in the usual words
          }
        },
        hash -> out[at[0]++] = hash);
    return out;
  }

  /**
   * Which of these pictures the gallery already holds for this instance's model and crop, and under
   * whose names; nothing when there is no gallery yet (none is created just to be asked).
   */
  private Map<ContentHash, Set<String>> storedPictures(ContentHash[] hashes) {
    Gallery g = existingGallery();
    if (g == null) {
      return Map.of();
    }
    List<ContentHash> known = Arrays.stream(hashes).filter(Objects::nonNull).toList();
    return g.enrolledPictures(model.id(), crop(), known);
  }

  /**
   * Who each face of each picture is ({@link #recognizeAll(Path, double, int)}), for many pictures
   * at once: a few workers (one per core, two to four) decode and detect while the encoder batches
   * the faces they find, with a bounded number of pictures in flight. Each picture's result goes to
   * {@code sink} as soon as it and all pictures before it are done, in input order, on the calling
   * thread; a picture that fails gets a result with its error and does not stop the others.
   */
  public void recognizeEach(
      List<Path> images, double threshold, int top, Consumer<PictureResult> sink) {
    recognizeEach(images, threshold, top, InOrder.defaultWorkers(), sink);
  }

  /** As {@link #recognizeEach(List, double, int, Consumer)} with this many workers. */
  public void recognizeEach(
      List<Path> images, double threshold, int top, int workers, Consumer<PictureResult> sink) {
    checkThreshold(threshold);
    checkTop(top);
    if (!images.isEmpty() && gallery().people().isEmpty()) {
      // said once, rather than as the error of every picture with a face
      throw new FaceNetException("the gallery is empty: enrol someone first");
    }
    InOrder.run(
        images,
        workers,
        image -> {
          try {
            return PictureResult.read(image, recognizeAll(image, threshold, top));
          } catch (RuntimeException e) {
            return PictureResult.failed(image, oneLine(e));
          }
        },
        sink);
  }

  /** A failure as one line: our own messages as they are, anything else with its type. */
  private static String oneLine(RuntimeException e) {
    String m = e.getMessage();
    String line = m == null ? "" : m.strip().replaceAll("\\s*\\R\\s*", " ");
    return e instanceof FaceNetException
        ? line
        : e.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
  }

  /**
   * Everyone in the gallery, sorted by name, with their number of encodings and the model/crop
   * pairs that made them.
   */
  public List<Person> people() {
    return gallery().people();
  }

  /**
   * One person of the gallery, by name, in any case ({@link Person#key}).
   *
   * @throws UnknownNameException when the gallery does not hold the name
   */
  public Person person(String name) {
    return gallery().person(name).orElseThrow(() -> unknownName(name));
  }

  /**
   * Everything the gallery keeps about one person (name in any case), for a person who asks what is
   * stored about them. No network is opened.
   *
   * @throws UnknownNameException when the gallery does not hold the name
   */
  public PersonData about(String name) {
    return gallery().about(name).orElseThrow(() -> unknownName(name));
  }

  /**
   * Removes a person and all their encodings (of every model) and says what was removed. A name
   * that is not in the gallery is an error, so a typo is not mistaken for success.
   */
  public Person remove(String name) {
    return remove(Actor.local(), name);
  }

  /** As {@link #remove(String)}, written in the gallery's audit as done by {@code by}. */
  public Person remove(Actor by, String name) {
    Person who = person(name);
    if (!gallery().remove(name, by)) {
      throw unknownName(name); // removed by someone else in the meantime
    }
    return who;
  }

  /**
   * Looks through the gallery without changing it ({@link Gallery#check}), adding a note for
   * encodings of models this facenet does not know (kept: a newer facenet may have made them). No
   * network is opened.
   */
  public GalleryCheck check() {
    GalleryCheck found = gallery().check();
    List<String> notes = new ArrayList<>(found.notes());
    List<String> known = FaceEncoders.names();
    for (String modelAndCrop : gallery().modelsInUse()) {
      String model = modelAndCrop.substring(0, modelAndCrop.indexOf('/'));
      if (!known.contains(model)) {
        notes.add(
            "encodings of "
                + modelAndCrop
                + ": a model this facenet does not know (kept; never compared with others)");
      }
    }
    return new GalleryCheck(found.problems(), notes);
  }

  /**
   * Removes the rows {@link #check} finds damaged ({@link Gallery#repair}), audited as done by the
   * local user; answers with what was removed.
   */
  public GalleryCheck repair() {
    return gallery().repair(Actor.local());
  }

  /**
   * The service's API keys and the gallery's audit, kept in the gallery; no network is opened.
   * Thread-safe, as the gallery is.
   */
  public AccessKeys keys() {
    return keys;
  }

  /**
   * Stores many encodings already made (another gallery's export) in one transaction, all or
   * nothing; no network is opened.
   *
   * @return how many were stored
   */
  public long importAll(Iterator<Enrolment> entries) {
    Map<String, Integer> dimensions = new HashMap<>();
    for (FaceEncoderProvider p : FaceEncoders.providers()) {
      dimensions.put(p.name(), p.dimension());
    }
    // each entry is checked as it passes: an encoding of a model this facenet does not know, or of
    // another length than its model makes, would be a row no search could use
    Iterator<Enrolment> checked =
        new Iterator<>() {
          private long n;

          @Override
          public boolean hasNext() {
            return entries.hasNext();
          }

          @Override
          public Enrolment next() {
            Enrolment e = entries.next();
            n++;
            String model = e.embedding().model();
            Integer expected = dimensions.get(model);
            if (expected == null) {
              throw new FaceNetException(
                  "entry "
                      + n
                      + ": unknown model '"
                      + model
                      + "' (known: "
                      + String.join(", ", FaceEncoders.names())
                      + ")");
            }
            if (e.embedding().dimension() != expected) {
              throw new FaceNetException(
                  "entry "
                      + n
                      + ": an encoding of "
                      + model
                      + " has "
                      + e.embedding().dimension()
                      + " values, where "
                      + model
                      + " makes "
                      + expected);
            }
            return e;
          }
        };
    return gallery().enrollAll(checked);
  }

  /**
   * Hands every stored encoding, of every model, to {@code sink}, by name; no network is opened.
   *
   * @return how many
   */
  public long exportAll(Consumer<Enrolment> sink) {
    return gallery().exportAll(sink);
  }

  /**
   * How much nearer than the second-nearest person the nearest must be, when both are under the
   * threshold, to be named.
   */
  public double ambiguityMargin() {
    return ambiguityMargin;
  }

  /**
   * The threshold used when a call gives none: the one given to the builder, else the one
   * calibrated in the gallery for this model and crop, else {@link #defaultThreshold()}.
   */
  public double threshold() {
    if (threshold != null) {
      return threshold;
    }
    return calibratedThreshold().orElse(defaultThreshold());
  }

  /**
   * The threshold of this instance's encodings when none was given or calibrated: {@value
   * #DEFAULT_THRESHOLD}, or {@value #DEFAULT_FLIP_THRESHOLD} for encodings averaged with their
   * mirror image, which sit closer together.
   */
  public double defaultThreshold() {
    return flip ? DEFAULT_FLIP_THRESHOLD : DEFAULT_THRESHOLD;
  }

  /**
   * The threshold calibrated in the gallery for this model and crop; empty without one (or without
   * a gallery).
   */
  public OptionalDouble calibratedThreshold() {
    Gallery g = existingGallery();
    return g == null ? OptionalDouble.empty() : g.threshold(model.id(), crop());
  }

  /**
   * Stores a calibrated threshold in the gallery for this model and crop; calls that give none use
   * it from then on.
   */
  public void storeThreshold(double threshold) {
    checkThreshold(threshold);
    gallery().setThreshold(model.id(), crop(), threshold);
  }

  // ---- verify / recognize ----

  /** Is the picture {@code name}? Judged against {@link #threshold()}. */
  public Verification verify(Path image, String name) {
    return verify(image, name, threshold());
  }

  public Verification verify(Path image, String name, double threshold) {
    return verify(Picture.of(image), name, threshold);
  }

  /** Is the picture (its largest face) {@code name}, judged against {@code threshold}? */
  public Verification verify(Picture image, String name, double threshold) {
    checkThreshold(threshold);
    // the name as the gallery spells it: "andrew" verifies against Andrew and answers "Andrew"
    String who = gallery().person(name).map(Person::name).orElseThrow(() -> unknownName(name));
    List<Embedding> known = gallery().encodingsOf(who, model.id(), crop());
    if (known.isEmpty()) {
      encoder(); // weights that cannot load are the first thing to fix: say that, if so
      throw new FaceNetException(
          "'"
              + who
              + "' has no encodings made by "
              + model.id()
              + "/"
              + crop()
              + " (the gallery has "
              + String.join(", ", gallery().modelsInUse())
              + "); enrol them again with this model");
    }
    Face face = largestFace(image);
    double d = known.stream().mapToDouble(face.embedding()::distanceTo).min().orElseThrow();
    return new Verification(who, d, d < threshold, threshold, face.quality());
  }

  /**
   * Do two pictures show the same person? Compares their largest faces, judged against {@link
   * #threshold()}; no gallery is needed. Throws {@link NoFaceException} when either picture has no
   * face.
   */
  public Comparison compare(Path first, Path second) {
    return compare(first, second, threshold());
  }

  public Comparison compare(Path first, Path second, double threshold) {
    return compare(Picture.of(first), Picture.of(second), threshold);
  }

  /**
   * Do two pictures (their largest faces) show the same person, judged against {@code threshold}?
   */
  public Comparison compare(Picture first, Picture second, double threshold) {
    checkThreshold(threshold);
    return compare(largestFace(first), largestFace(second), threshold);
  }

  /** The same for faces already found and encoded (with the same model and crop). */
  public static Comparison compare(Face first, Face second, double threshold) {
    checkThreshold(threshold);
    double d = first.embedding().distanceTo(second.embedding());
    return new Comparison(d, d < threshold, threshold, first.quality(), second.quality());
  }

  /** The same for encodings already made (of the same model and crop). */
  public static Comparison compare(Embedding first, Embedding second, double threshold) {
    checkThreshold(threshold);
    double d = first.distanceTo(second);
    return new Comparison(d, d < threshold, threshold, null, null);
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
    return recognizeAll(image, threshold, 1);
  }

  /**
   * As {@link #recognizeAll(Path, double)}, each answer with the {@code top} nearest people as
   * candidates.
   */
  public List<FaceMatch> recognizeAll(Path image, double threshold, int top) {
    return recognizeAll(Picture.of(image), threshold, top);
  }

  /** Who each face of the picture is, with the {@code top} nearest people as candidates. */
  public List<FaceMatch> recognizeAll(Picture image, double threshold, int top) {
    checkThreshold(threshold);
    checkTop(top);
    return recognizeAll(image.decode(), threshold, top);
  }

  /** As {@link #recognizeAll(Picture, double, int)} for a picture already decoded. */
  public List<FaceMatch> recognizeAll(DecodedPicture image, double threshold, int top) {
    checkThreshold(threshold);
    checkTop(top);
    List<FaceMatch> out = new ArrayList<>();
    for (Face f : faces(image)) {
      out.add(new FaceMatch(f, recognize(f.embedding(), threshold, top)));
    }
    return out;
  }

  private static void checkTop(int top) {
    if (top < 1) {
      throw new FaceNetException("the number of candidates must be at least 1, got " + top);
    }
  }

  /** Recognition of an encoding already made. */
  public Match recognize(Embedding probe, double threshold) {
    return recognize(probe, threshold, 1);
  }

  /**
   * Recognition of an encoding already made, with the {@code top} nearest people as candidates
   * (nearest first, whatever their distance).
   */
  public Match recognize(Embedding probe, double threshold, int top) {
    checkThreshold(threshold);
    checkTop(top);
    // Two people at least, to weigh the nearest against the second.
    List<Neighbour> nearest =
        gallery().nearest(probe, Math.max(top, 2), Double.POSITIVE_INFINITY, search);
    if (nearest.isEmpty()) {
      if (gallery().people().isEmpty()) {
        throw new FaceNetException("the gallery is empty: enrol someone first");
      }
      throw new FaceNetException(
          "the gallery has no encodings made by "
              + probe.model()
              + "/"
              + probe.crop()
              + " (it has "
              + String.join(", ", gallery().modelsInUse())
              + ")");
    }
    return Match.of(nearest, threshold, ambiguityMargin, top);
  }

  /** The gallery, opened (a missing file created) on first use. */
  private Gallery gallery() {
    Gallery g = gallery;
    if (g != null) {
      return g;
    }
    requireGallery();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("this FaceNet is closed");
      }
      if (gallery == null) {
        gallery = Galleries.open(galleryAt);
      }
      return gallery;
    }
  }

  /**
   * The gallery when it may hold something; null when there is none yet, so that a gallery file is
   * not created just to be read.
   */
  private Gallery existingGallery() {
    if (gallery == null && (galleryAt == null || !Galleries.mayExist(galleryAt))) {
      return null;
    }
    return gallery();
  }

  private void requireGallery() {
    if (gallery == null && galleryAt == null) {
      throw new FaceNetException("no gallery: give one with --db FILE");
    }
  }

  private static FaceNetException unknownName(String name) {
    return new UnknownNameException(name);
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
    Networks n;
    Gallery g;
    synchronized (lock) {
      closed = true;
      n = networks;
      g = gallery;
      networks = null;
      gallery = null;
    }
    try {
      if (n != null) {
        n.encoder().close();
      }
    } finally {
      try {
        if (n != null && n.finder() != null) {
          n.finder().close();
        }
      } finally {
        if (g != null) {
          g.close();
        }
      }
    }
  }

  /**
   * Chooses the encoder, its weights, the gallery, a fixed threshold, and how faces are found:
   * detector, minimum confidence, flip, whole-image mode, and whether enrolment takes the largest
   * of several faces.
   */
  public static final class Builder {
    private ModelName model = ModelName.DEFAULT;
    private CropMode crop = CropMode.ALIGNED;
    private boolean flip;
    private Detector detector = Detector.SSD;
    private double minConfidence = 0.5;
    private boolean tinyLandmarks;
    private boolean enrollLargest;
    private PoorFaces poorFaces = PoorFaces.REFUSE;
    private SearchMode search = SearchMode.AUTO;
    private EncoderOptions options = EncoderOptions.defaults();
    private String galleryAt;
    private boolean galleryMustExist;
    private Gallery gallery;
    private Double threshold;
    private double ambiguityMargin = DEFAULT_AMBIGUITY_MARGIN;

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

    /**
     * The SQLite gallery file; when missing, it is created on first use (a failed enrolment creates
     * none).
     */
    public Builder gallery(Path file) {
      return gallery(file == null ? null : file.toString());
    }

    /**
     * The gallery at a file path or a database URL ({@link Galleries}); a missing one is created on
     * first use (a failed enrolment creates none).
     */
    public Builder gallery(String where) {
      this.galleryAt = where;
      this.galleryMustExist = false;
      return this;
    }

    /** A SQLite gallery file that must exist already: a missing file is an error, never created. */
    public Builder existingGallery(Path file) {
      return existingGallery(Objects.requireNonNull(file).toString());
    }

    /** A gallery (file or database URL) that must exist already: never created. */
    public Builder existingGallery(String where) {
      this.galleryAt = Objects.requireNonNull(where);
      this.galleryMustExist = true;
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

    /**
     * How much nearer than the second-nearest person the nearest must be, when both are under the
     * threshold, for recognition to name them (default {@value FaceNet#DEFAULT_AMBIGUITY_MARGIN});
     * 0 names the nearest whatever the second.
     */
    public Builder ambiguityMargin(double margin) {
      if (!(margin >= 0) || Double.isInfinite(margin)) {
        throw new FaceNetException(
            "the ambiguity margin must be 0 or a positive distance, got " + margin);
      }
      this.ambiguityMargin = margin;
      return this;
    }

    /**
     * How faces are cut out of pictures: found and aligned (the default), or the whole picture is
     * the face.
     */
    public Builder crop(CropMode crop) {
      this.crop = Objects.requireNonNull(crop);
      return this;
    }

    /**
     * The picture is the face: no detection, no alignment (crop {@code whole-image}); {@link #crop}
     * with a flag.
     */
    public Builder wholeImage(boolean wholeImage) {
      return crop(wholeImage ? CropMode.WHOLE_IMAGE : CropMode.ALIGNED);
    }

    /**
     * Encode each face as the mean of its chip's and the mirrored chip's encodings (crop name +
     * "+flip").
     */
    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    /**
     * How the gallery is searched: {@link SearchMode#AUTO} (default) picks exact or approximate by
     * the gallery's size.
     */
    public Builder search(SearchMode search) {
      this.search = Objects.requireNonNull(search);
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

    /**
     * What enrolment does with a face under the quality floor: {@link PoorFaces#REFUSE} (the
     * default) or {@link PoorFaces#ACCEPT}.
     */
    public Builder poorFaces(PoorFaces poorFaces) {
      this.poorFaces = java.util.Objects.requireNonNull(poorFaces);
      return this;
    }

    /**
     * The facade. An existing gallery file is opened now, so a missing one (with {@link
     * #existingGallery}) or a file that is not a gallery is refused before any work; the networks
     * are opened on first use.
     */
    public FaceNet build() {
      Gallery g = gallery;
      if (g == null && galleryAt != null && (galleryMustExist || Galleries.mayExist(galleryAt))) {
        g = galleryMustExist ? Galleries.openExisting(galleryAt) : Galleries.open(galleryAt);
      }
      return new FaceNet(this, g);
    }
  }
}
