package dev.facenet.train;

import dev.facenet.align.FaceAligner;
import dev.facenet.common.Crops;
import dev.facenet.common.FaceChoice;
import dev.facenet.image.NetInput;
import dev.facenet.pipeline.FaceFinder;
import dev.facenet.pipeline.FoundFace;
import java.awt.image.BufferedImage;

/**
 * Cuts the face chip out of one training picture, the same way the encoder's input is cut at
 * inference (so a model trained on these chips sees the same kind of picture when it is used). The
 * result is channels-first RGB on the 0..255 scale, {@code size x size}.
 */
public interface ChipMaker {
  /** The crop method's name, as stored with encodings in the gallery. */
  String crop();

  /** The chip of {@code picture}, and whether it had to fall back to the whole picture. */
  Cut cut(BufferedImage picture, int size);

  /**
   * One cut chip: 3 planes of size x size values in 0..255.
   *
   * @param wholePicture true when no face was found and the whole picture stands in for the face
   */
  record Cut(float[] pixels, boolean wholePicture) {}

  /**
   * The whole picture is the face: padded to a square with black (centred) and resized, as face-api
   * does.
   */
  static ChipMaker wholeImage() {
    return new ChipMaker() {
      @Override
      public String crop() {
        return Crops.WHOLE_IMAGE;
      }

      @Override
      public Cut cut(BufferedImage picture, int size) {
        return new Cut(whole(picture, size), false);
      }
    };
  }

  /**
   * The inference pipeline's chip: the face inference would take ({@link FaceChoice}) of those
   * {@code finder} finds (its padded, lower-confidence steps find tight faces such as ORL's), cut
   * by {@code aligner}, the network's own ({@link TrainableNetwork#aligner()}, as {@code
   * FacePipeline} cuts it at inference). A picture without a face falls back to the whole picture,
   * reported by {@link Cut#wholePicture()}. Does not own the finder.
   */
  static ChipMaker aligned(FaceFinder finder, FaceAligner aligner) {
    int size = aligner.size();
    return new ChipMaker() {
      @Override
      public String crop() {
        return aligner.name();
      }

      @Override
      public Cut cut(BufferedImage picture, int chipSize) {
        if (chipSize != size) {
          throw new IllegalArgumentException(
              "this chip maker cuts " + size + " pixel chips, not " + chipSize);
        }
        return FaceChoice.main(finder.find(picture), FoundFace::box, FoundFace::score)
            .map(face -> new Cut(whole(aligner.align(picture, face.landmarks()), size), false))
            .orElseGet(() -> new Cut(whole(picture, size), true));
      }
    };
  }

  /**
   * The picture padded to a square (centred, black) and resized to {@code size}, 0..255, channels
   * first.
   */
  private static float[] whole(BufferedImage picture, int size) {
    return new NetInput(size, NetInput.Padding.CENTRED, new float[] {0, 0, 0}, 1f).prepare(picture);
  }
}
