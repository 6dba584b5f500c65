package dev.facenet.pipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The picture that the face search looks at: the photo itself when its longer side is at most
 * {@link #MAX_SIDE} pixels, else a copy shrunk to that size. Every detector sees at most 512 x 512
 * pixels of a whole picture, so nothing is lost for them, while the fallback steps (the padded
 * search, MTCNN's scale pyramid) cost time and memory in proportion to the pixels they are given:
 * on a 12-megapixel photo without a face they used to take several gigabytes. Faces found here are
 * mapped back to the photo's pixels, and the chips are still cut from the photo at full resolution.
 */
final class WorkingPicture {
  /** The longer side of the picture searched; larger photos are shrunk to it. */
  static final int MAX_SIDE = 2048;

  private final BufferedImage image;

  /** Photo pixels per searched pixel (1 when the photo is searched as it is). */
  private final double factor;

  private WorkingPicture(BufferedImage image, double factor) {
    this.image = image;
    this.factor = factor;
  }

  /**
   * The longer side of the picture MTCNN searches. Its scale pyramid costs time and memory in
   * proportion to the pixels (on 2048 x 1536: 3.8 s and 580 MB more), and the faces it is there
   * for, the ones both detectors missed, are seldom tiny ones; at 1024 it still finds faces from
   * about 20 pixels of the shrunk picture.
   */
  static final int MTCNN_SIDE = 1024;

  /**
   * The longer side of the picture searched turned ({@link TurnedPicture}): the detector sees 512
   * pixels anyway, and each turn copies every pixel, so three turns of the full working copy added
   * about a second to a photo without a face, against a few tenths at this size.
   */
  static final int TURNED_SIDE = 1024;

  static WorkingPicture of(BufferedImage photo) {
    return of(photo, MAX_SIDE);
  }

  /** The photo itself when its longer side is at most {@code maxSide}, else a copy shrunk to it. */
  static WorkingPicture of(BufferedImage photo, int maxSide) {
    int longer = Math.max(photo.getWidth(), photo.getHeight());
    if (longer <= maxSide) {
      return new WorkingPicture(photo, 1);
    }
    double factor = (double) longer / maxSide;
    int w = Math.max(1, (int) Math.round(photo.getWidth() / factor));
    int h = Math.max(1, (int) Math.round(photo.getHeight() / factor));
    BufferedImage current = photo;
    // Halve first while more than twice too large: one bilinear step over a large factor skips
    // pixels (aliasing).
    while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
      current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    BufferedImage out = resize(current, w, h);
    // Map back with the size actually drawn on each axis; the two differ by rounding only.
    return new WorkingPicture(out, (double) photo.getWidth() / w);
  }

  private static BufferedImage resize(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  BufferedImage image() {
    return image;
  }

  /** Faces found in {@link #image()} in the photo's pixels. */
  List<FoundFace> toPhoto(List<FoundFace> faces) {
    return factor == 1 ? faces : faces.stream().map(f -> f.scale(factor)).toList();
  }
}
