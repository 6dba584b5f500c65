package dev.facenet.train;

import dev.facenet.Crops;
import dev.facenet.image.NetInput;
import java.awt.image.BufferedImage;

/**
 * Cuts the face chip out of one training picture, the same way the encoder's input is cut at inference
 * (so a model trained on these chips sees the same kind of picture when it is used). The result is
 * channels-first RGB on the 0..255 scale, {@code size x size}.
 */
public interface ChipMaker {
  /** The crop method's name, as stored with encodings in the gallery. */
  String crop();

  /** The chip of {@code picture}: 3 planes of size x size values in 0..255. */
  float[] chip(BufferedImage picture, int size);

  /** The whole picture is the face: padded to a square with black (centred) and resized, as face-api does. */
  static ChipMaker wholeImage() {
    return new ChipMaker() {
      @Override
      public String crop() {
        return Crops.WHOLE_IMAGE;
      }

      @Override
      public float[] chip(BufferedImage picture, int size) {
        return new NetInput(size, NetInput.Padding.CENTRED, new float[] {0, 0, 0}, 1f).prepare(picture);
      }
    };
  }
}
