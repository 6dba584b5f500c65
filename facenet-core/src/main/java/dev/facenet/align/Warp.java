package dev.facenet.align;

import dev.facenet.common.Point;
import java.awt.image.BufferedImage;

/**
 * Resamples a picture through a similarity transform exactly as dlib's {@code extract_image_chip}
 * does, so chips match the ones the face-api ResNet was trained on: each output pixel (u, v) takes
 * the bilinear value of the picture at T(u, v), rounded down, black where that point's 2 x 2
 * neighbourhood is not inside the picture. When the output is much smaller than the region it
 * covers, the picture is first halved with dlib's pyramid (a 1-4-6-4-1 binomial blur, every other
 * pixel, valid borders only, rounded down), as often as dlib would, and sampled there; bilinear
 * sampling alone would skip pixels and alias.
 */
public final class Warp {

  private Warp() {}

  /**
   * A {@code width} x {@code height} RGB picture whose pixel (u, v) is {@code picture} at {@code
   * outToPicture.apply(u, v)}.
   */
  public static BufferedImage warp(
      BufferedImage picture, SimilarityTransform outToPicture, int width, int height) {
    if (width < 2 || height < 2) {
      throw new IllegalArgumentException(
          "output size must be at least 2 x 2, got " + width + " x " + height);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    double k = outToPicture.scale();
    double cos = outToPicture.a() / k;
    double sin = outToPicture.b() / k;
    // dlib's view of the output: a rectangle in the picture (corners at the centres of the output's
    // corner
    // pixels), turned by the angle about its centre.
    double hx = (width - 1) / 2.0;
    double hy = (height - 1) / 2.0;
    Point centre = outToPicture.apply(hx, hy);
    double halfW = k * hx;
    double halfH = k * hy;
    // How many halvings: while the rectangle halved once more still has more pixels than the
    // output.
    long outPixels = (long) width * height;
    int depth = 0;
    double grow = 2;
    double w = halfW + 1;
    double h = halfH + 1;
    while (w * h > outPixels) {
      depth++;
      grow = grow * 2 + 2;
      w = (w - 1) / 2 + 1;
      h = (h - 1) / 2 + 1;
    }
    // The part of the picture the turned rectangle covers, grown, clipped, rounded as dlib rounds
    // it.
    double ex = Math.abs(cos) * halfW + Math.abs(sin) * halfH;
    double ey = Math.abs(sin) * halfW + Math.abs(cos) * halfH;
    double l = Math.max(centre.x() - ex - grow, 0);
    double t = Math.max(centre.y() - ey - grow, 0);
    double r = Math.min(centre.x() + ex + grow, picture.getWidth() - 1);
    double b = Math.min(centre.y() + ey + grow, picture.getHeight() - 1);
    int x0 = (int) Math.floor(l + 0.5);
    int y0 = (int) Math.floor(t + 0.5);
    int x1 = (int) Math.floor(r + 0.5);
    int y1 = (int) Math.floor(b + 0.5);
    if (x1 < x0 || y1 < y0) {
      return out; // the output lies outside the picture: all black
    }
    Plane level = Plane.read(picture, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    double cx = centre.x() - x0;
    double cy = centre.y() - y0;
    double scale = k;
    for (int i = 0; i < depth; i++) {
      level = level.halve();
      if (level == null) {
        return out; // too small to halve (dlib gives an empty level): all black
      }
      // dlib's point_down for its 2:1 pyramid.
      cx = cx / 2 - 1.25;
      cy = cy / 2 - 0.75;
      scale /= 2;
    }
    double a = scale * cos;
    double bb = scale * sin;
    sample(
        level,
        new SimilarityTransform(a, bb, cx - (a * hx - bb * hy), cy - (bb * hx + a * hy)),
        out);
    return out;
  }

  private static void sample(Plane plane, SimilarityTransform t, BufferedImage out) {
    int width = out.getWidth();
    int[] row = new int[width];
    for (int v = 0; v < out.getHeight(); v++) {
      for (int u = 0; u < width; u++) {
        Point q = t.apply(u, v);
        row[u] = plane.bilinear(q.x(), q.y());
      }
      out.setRGB(0, v, width, 1, row, 0, width);
    }
  }

  /** A region of a picture (or of a pyramid level) as three planes of 0..255 values. */
  private static final class Plane {
    final int w;
    final int h;
    final int[][] c;

    Plane(int w, int h, int[][] c) {
      this.w = w;
      this.h = h;
      this.c = c;
    }

    static Plane read(BufferedImage picture, int x, int y, int w, int h) {
      int[] rgb = picture.getRGB(x, y, w, h, null, 0, w);
      int[][] c = new int[3][w * h];
      for (int i = 0; i < rgb.length; i++) {
        c[0][i] = (rgb[i] >> 16) & 0xff;
        c[1][i] = (rgb[i] >> 8) & 0xff;
        c[2][i] = rgb[i] & 0xff;
      }
      return new Plane(w, h, c);
    }

    /**
     * dlib's 2:1 pyramid step: output pixel (i, j) is the 1-4-6-4-1 blur of rows 2i..2i+4 and
     * columns 2j..2j+4, divided by 256 and rounded down; (h - 3) / 2 x (w - 3) / 2 pixels; null
     * when the plane has 8 rows or columns or fewer.
     */
    Plane halve() {
      if (h <= 8 || w <= 8) {
        return null;
      }
      int nw = (w - 3) / 2;
      int nh = (h - 3) / 2;
      int[][] out = new int[3][nw * nh];
      int[] tmp = new int[nw * h];
      for (int ch = 0; ch < 3; ch++) {
        int[] src = c[ch];
        for (int y = 0; y < h; y++) {
          int o = y * w;
          for (int j = 0; j < nw; j++) {
            int x = o + 2 * j;
            tmp[y * nw + j] =
                src[x] + 4 * src[x + 1] + 6 * src[x + 2] + 4 * src[x + 3] + src[x + 4];
          }
        }
        int[] dst = out[ch];
        for (int i = 0; i < nh; i++) {
          int y = 2 * i + 2;
          for (int j = 0; j < nw; j++) {
            int s =
                tmp[(y - 2) * nw + j]
                    + 4 * tmp[(y - 1) * nw + j]
                    + 6 * tmp[y * nw + j]
                    + 4 * tmp[(y + 1) * nw + j]
                    + tmp[(y + 2) * nw + j];
            dst[i * nw + j] = s / 256;
          }
        }
      }
      return new Plane(nw, nh, out);
    }

    /**
     * Bilinear value at (x, y) as packed RGB, rounded down; black unless all four neighbours are
     * inside.
     */
    int bilinear(double x, double y) {
      int left = (int) Math.floor(x);
      int top = (int) Math.floor(y);
      if (left < 0 || top < 0 || left + 1 >= w || top + 1 >= h) {
        return 0;
      }
      double fx = x - left;
      double fy = y - top;
      int i = top * w + left;
      int rgb = 0;
      for (int ch = 0; ch < 3; ch++) {
        int[] p = c[ch];
        double v =
            (1 - fy) * ((1 - fx) * p[i] + fx * p[i + 1])
                + fy * ((1 - fx) * p[i + w] + fx * p[i + w + 1]);
        int q = v >= 255 ? 255 : v <= 0 ? 0 : (int) v;
        rgb = (rgb << 8) | q;
      }
      return rgb;
    }
  }
}
