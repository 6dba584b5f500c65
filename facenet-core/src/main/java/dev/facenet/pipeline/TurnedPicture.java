package dev.facenet.pipeline;

import dev.facenet.common.Box;
import dev.facenet.common.Landmarks;
import dev.facenet.common.Point;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture turned clockwise by a quarter, a half or three quarters, for the last search: a phone
 * photo saved sideways or a print scanned upside down, without an EXIF orientation to say so, shows
 * faces the detectors were never trained to see. Boxes and landmarks found in the turned picture
 * are mapped back to the original's pixels (a box stays a box; the landmarks keep their order, so
 * alignment turns the face upright again).
 */
public final class TurnedPicture {
  private final BufferedImage image;
  private final int turn;
  private final int width;
  private final int height;

  private TurnedPicture(BufferedImage image, int turn, int width, int height) {
    this.image = image;
    this.turn = turn;
    this.width = width;
    this.height = height;
  }

  /** The picture turned clockwise by {@code turn} degrees (90, 180 or 270). */
  public static TurnedPicture of(BufferedImage picture, int turn) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    int[] src = picture.getRGB(0, 0, w, h, null, 0, w);
    boolean quarter = turn == 90 || turn == 270;
    int tw = quarter ? h : w;
    int th = quarter ? w : h;
    int[] dst = new int[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int u;
        int v;
        switch (turn) {
          case 90 -> {
            u = h - 1 - y;
            v = x;
          }
          case 180 -> {
            u = w - 1 - x;
            v = h - 1 - y;
          }
          case 270 -> {
            u = y;
            v = w - 1 - x;
          }
          default -> throw new IllegalArgumentException("turn " + turn);
        }
        dst[v * tw + u] = src[y * w + x];
      }
    }
    BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, tw, th, dst, 0, tw);
    return new TurnedPicture(out, turn, w, h);
  }

  /** The turned picture to run the detector and landmark net on. */
  public BufferedImage image() {
    return image;
  }

  /** A point of the turned picture in the original's pixels (continuous coordinates). */
  public Point toOriginal(Point p) {
    return switch (turn) {
      case 90 -> new Point(p.y(), height - p.x());
      case 180 -> new Point(width - p.x(), height - p.y());
      default -> new Point(width - p.y(), p.x());
    };
  }

  /** A box of the turned picture in the original's pixels. */
  public Box toOriginal(Box b) {
    Point a = toOriginal(new Point(b.x(), b.y()));
    Point c = toOriginal(new Point(b.right(), b.bottom()));
    return Box.fromCorners(
        Math.min(a.x(), c.x()),
        Math.min(a.y(), c.y()),
        Math.max(a.x(), c.x()),
        Math.max(a.y(), c.y()));
  }

  /** A face found in the turned picture, in the original's pixels. */
  public FoundFace toOriginal(FoundFace f) {
    List<Point> points = new ArrayList<>(Landmarks.COUNT);
    for (Point p : f.landmarks().points()) {
      points.add(toOriginal(p));
    }
    return new FoundFace(toOriginal(f.box()), f.score(), new Landmarks(points), f.foundBy());
  }
}
