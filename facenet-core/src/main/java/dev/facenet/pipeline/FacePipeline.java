package dev.facenet.pipeline;

import dev.facenet.align.FaceAligner;
import dev.facenet.common.Box;
import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.Face;
import dev.facenet.common.FaceQuality;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.quality.QualityMeter;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole photo pipeline in one place: find the faces ({@link FaceFinder}: detect, landmarks),
 * cut each one out as the encoder expects ({@link FaceAligner}: the dlib chip at the encoder's
 * input size) and encode it, optionally as the mean of the chip's and its mirror image's encodings
 * (test-time augmentation, the cheap form of dlib's jitter). The crop method's name travels with
 * every encoding, so chips of different sizes, flipped or not, or whole pictures are never compared
 * with each other.
 *
 * <p>Whole-image mode (no finder) keeps the seed's behaviour: the picture is the face.
 *
 * <p>Does not own the finder or the encoder; thread-safe when they are.
 */
public final class FacePipeline {
  private final FaceFinder finder;
  private final FaceEncoder encoder;
  private final boolean flip;

  /**
   * @param finder the face finder, or null for whole-image mode
   * @param encoder the encoder; the chip's size follows its {@link FaceEncoder#inputSize()}
   * @param flip encode each face as the mean of the chip and its mirror image
   */
  public FacePipeline(FaceFinder finder, FaceEncoder encoder, boolean flip) {
    this.finder = finder;
    this.encoder = encoder;
    this.flip = flip;
  }

  /**
   * The crop method stored with every encoding this pipeline makes. It is asked of the encoder when
   * needed, not when the pipeline is made, so an encoder still loading ({@link
   * dev.facenet.embed.OpeningEncoder}) is waited for only by work that encodes.
   */
  public String crop() {
    return crop(finder == null ? null : encoder.aligner(), flip);
  }

  /** The crop tag of chips cut by {@code aligner} (null: whole pictures), flipped or not. */
  public static String crop(FaceAligner aligner, boolean flip) {
    return (aligner == null ? Crops.WHOLE_IMAGE : aligner.name()) + (flip ? Crops.FLIP_SUFFIX : "");
  }

  public boolean wholeImage() {
    return finder == null;
  }

  /** The finder, or null in whole-image mode. */
  public FaceFinder finder() {
    return finder;
  }

  /** The aligner, or null in whole-image mode. */
  public FaceAligner aligner() {
    return finder == null ? null : encoder.aligner();
  }

  /**
   * Every face in the picture with its encoding, most confident first; empty when there is none.
   */
  public List<Face> faces(BufferedImage picture) {
    if (finder != null) {
      encoder.prepare(); // the encoder loads while the search runs
    }
    return encode(picture, locate(picture));
  }

  /**
   * Faces {@link #locate located} in {@code picture} earlier, each with its encoding, in their
   * order: so a caller that follows faces over many pictures (a video's frames) locates every one
   * but encodes only the faces it needs to name. In whole-image mode, the whole picture encoded.
   */
  public List<Face> encode(BufferedImage picture, List<Face> located) {
    if (located.isEmpty()) {
      return List.of();
    }
    if (finder == null) {
      return List.of(wholePicture(picture, embed(List.of(picture)).get(0)));
    }
    FaceAligner aligner = encoder.aligner();
    List<Embedding> embeddings =
        embed(located.stream().map(f -> aligner.align(picture, f.landmarks())).toList());
    List<Face> faces = new ArrayList<>(located.size());
    for (int i = 0; i < located.size(); i++) {
      Face f = located.get(i);
      faces.add(
          new Face(f.box(), f.score(), f.landmarks(), embeddings.get(i), f.foundBy(), f.quality()));
    }
    return faces;
  }

  /**
   * Every face in the picture as {@link #faces} finds it, without encodings ({@code embedding}
   * null): the search alone, the encoder neither loaded nor run. In whole-image mode, the whole
   * picture.
   */
  public List<Face> locate(BufferedImage picture) {
    return locate(picture, Integer.MAX_VALUE);
  }

  /** As {@link #locate(BufferedImage)}, trying only the first {@code steps} search steps. */
  public List<Face> locate(BufferedImage picture, int steps) {
    if (finder == null) {
      return List.of(wholePicture(picture, null));
    }
    return finder.find(picture, steps).stream()
        .map(
            f ->
                new Face(f.box(), f.score(), f.landmarks(), null, f.foundBy(), quality(picture, f)))
        .toList();
  }

  /**
   * The whole picture as the face of whole-image mode: no detector ran, so no score (NaN), no
   * landmarks and no quality.
   */
  public static Face wholePicture(BufferedImage picture, Embedding embedding) {
    Box whole = new Box(0, 0, picture.getWidth(), picture.getHeight());
    return new Face(whole, Double.NaN, null, embedding, Crops.WHOLE_IMAGE, null);
  }

  /** How far a found face can be trusted, measured on the picture it was found in. */
  private static FaceQuality quality(BufferedImage picture, FoundFace face) {
    return QualityMeter.measure(picture, face.box(), face.score(), face.landmarks());
  }

  /** The aligned chips of found faces, in their order. */
  public List<BufferedImage> chips(BufferedImage picture, List<FoundFace> found) {
    if (finder == null) {
      throw new IllegalStateException("whole-image mode makes no chips");
    }
    FaceAligner aligner = encoder.aligner();
    return found.stream().map(f -> aligner.align(picture, f.landmarks())).toList();
  }

  /**
   * Encodes face pictures (chips, or whole pictures) with this pipeline's crop tag, flipping if
   * asked.
   */
  public List<Embedding> embed(List<BufferedImage> faces) {
    List<Embedding> out = new ArrayList<>(faces.size());
    if (faces.isEmpty()) {
      return out;
    }
    String crop = crop();
    if (!flip) {
      for (float[] v : encoder.encode(faces)) {
        out.add(new Embedding(encoder.name(), crop, v));
      }
      return out;
    }
    List<BufferedImage> both = new ArrayList<>(faces);
    faces.forEach(f -> both.add(mirror(f)));
    float[][] all = encoder.encode(both);
    int n = faces.size();
    for (int i = 0; i < n; i++) {
      float[] mean = new float[all[i].length];
      for (int k = 0; k < mean.length; k++) {
        mean[k] = (all[i][k] + all[n + i][k]) / 2;
      }
      out.add(new Embedding(encoder.name(), crop, mean));
    }
    return out;
  }

  /** The picture mirrored left to right. */
  public static BufferedImage mirror(BufferedImage picture) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      picture.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0, z = w - 1; x < z; x++, z--) {
        int t = row[x];
        row[x] = row[z];
        row[z] = t;
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }
}
