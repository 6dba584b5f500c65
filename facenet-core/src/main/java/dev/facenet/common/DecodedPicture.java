package dev.facenet.common;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture file as decoded for the pipeline, and how its pixels relate to the file's: pixel (x, y)
 * of {@code image} is pixel (x * subsampling, y * subsampling) of the file's picture, turned
 * upright. The subsampling is 1 except for pictures too large to decode in full.
 *
 * @param image 8-bit RGB, upright
 * @param subsampling every how many pixels of the file one was read, in both directions
 */
public record DecodedPicture(BufferedImage image, int subsampling) {

  /** Faces found in {@link #image()}, in the file's pixels. */
  public List<Face> toFile(List<Face> faces) {
    return subsampling == 1 ? faces : faces.stream().map(f -> f.scale(subsampling)).toList();
  }

  /** Faces in the file's pixels, in {@link #image()}'s pixels (to draw them on it). */
  public List<Face> toImage(List<Face> faces) {
    return subsampling == 1 ? faces : faces.stream().map(f -> f.scale(1.0 / subsampling)).toList();
  }
}
