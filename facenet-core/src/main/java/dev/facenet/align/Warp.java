package dev.facenet.align;

import dev.facenet.landmarks.Point;
import java.awt.image.BufferedImage;

/**
 * Resamples a picture through a similarity transform: each output pixel (u, v) takes the bilinear value of
 * the picture at T(u, v), black where that point's 2 x 2 neighbourhood is not inside the picture (dlib's
 * rule). When T shrinks the picture by more than 2, the picture is first halved (a 1-4-6-4-1 binomial blur,
 * then every other pixel) until it shrinks by at most 2, as dlib's chip extraction does with its image
 * pyramid; bilinear sampling alone would skip pixels and alias.
 */
public final class Warp {
  private static final float[] BINOMIAL = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

  private Warp() {}

  /**
   * A {@code width} x {@code height} RGB picture whose pixel (u, v) is {@code picture} at
   * {@code outToPicture.apply(u, v)}.
   */
  public static BufferedImage warp(BufferedImage picture, SimilarityTransform outToPicture, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("output size must be positive, got " + width + " x " + height);
    }
    int levels = 0;
    double s = outToPicture.scale();
    while (s > 2) {
      s /= 2;
      levels++;
    }
    // The part of the picture the output can touch, with a margin for the blur of each halving.
    double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
    for (int[] c : new int[][] {{0, 0}, {width - 1, 0}, {0, height - 1}, {width - 1, height - 1}}) {
      Point p = outToPicture.apply(c[0], c[1]);
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    int margin = (4 << levels) + 2;
    int x0 = (int) Math.max(0, Math.floor(minX) - margin);
    int y0 = (int) Math.max(0, Math.floor(minY) - margin);
    int x1 = (int) Math.min(picture.getWidth(), Math.ceil(maxX) + margin + 1);
    int y1 = (int) Math.min(picture.getHeight(), Math.ceil(maxY) + margin + 1);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    if (x1 - x0 < 2 || y1 - y0 < 2) {
      return out; // the output lies outside the picture: all black
    }
    Plane plane = Plane.read(picture, x0, y0, x1 - x0, y1 - y0);
    for (int i = 0; i < levels && plane.w >= 2 && plane.h >= 2; i++) {
      plane = plane.halve();
    }
    double k = 1.0 / plane.factor;
    // Output pixel -> picture -> region -> level: q = (T(u) - origin) / factor.
    SimilarityTransform toLevel = new SimilarityTransform(k, 0, -x0 * k, -y0 * k).after(outToPicture);
    int[] row = new int[width];
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++) {
        Point q = toLevel.apply(u, v);
        row[u] = plane.bilinear(q.x(), q.y());
      }
      out.setRGB(0, v, width, 1, row, 0, width);
    }
    return out;
  }

  /** A region of a picture as three float planes, {@code factor} times smaller than the picture. */
  private static final class Plane {
    final int w;
    final int h;
    final int factor;
    final float[][] c;

    Plane(int w, int h, int factor, float[][] c) {
      this.w = w;
      this.h = h;
      this.factor = factor;
      this.c = c;
    }

    static Plane read(BufferedImage picture, int x, int y, int w, int h) {
      int[] rgb = picture.getRGB(x, y, w, h, null, 0, w);
      float[][] c = new float[3][w * h];
      for (int i = 0; i < rgb.length; i++) {
        c[0][i] = (rgb[i] >> 16) & 0xff;
        c[1][i] = (rgb[i] >> 8) & 0xff;
        c[2][i] = rgb[i] & 0xff;
      }
      return new Plane(w, h, 1, c);
    }

    /** Blurs with the binomial kernel (edges repeated) and keeps every other pixel: pixel j sits at 2j. */
    Plane halve() {
      int nw = (w + 1) / 2;
      int nh = (h + 1) / 2;
      float[][] out = new float[3][nw * nh];
      float[] tmp = new float[nw * h];
      for (int ch = 0; ch < 3; ch++) {
        float[] src = c[ch];
        for (int y = 0; y < h; y++) {
          for (int j = 0; j < nw; j++) {
            float sum = 0;
            for (int t = -2; t <= 2; t++) {
              int x = Math.min(w - 1, Math.max(0, 2 * j + t));
              sum += BINOMIAL[t + 2] * src[y * w + x];
            }
            tmp[y * nw + j] = sum;
          }
        }
        float[] dst = out[ch];
        for (int i = 0; i < nh; i++) {
          for (int j = 0; j < nw; j++) {
            float sum = 0;
            for (int t = -2; t <= 2; t++) {
              int y = Math.min(h - 1, Math.max(0, 2 * i + t));
              sum += BINOMIAL[t + 2] * tmp[y * nw + j];
            }
            dst[i * nw + j] = sum;
          }
        }
      }
      return new Plane(nw, nh, factor * 2, out);
    }

    /** Bilinear value at (x, y) as packed RGB; black unless all four neighbours are inside. */
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
        float[] p = c[ch];
        double topRow = p[i] + (p[i + 1] - p[i]) * fx;
        double bottomRow = p[i + w] + (p[i + w + 1] - p[i + w]) * fx;
        double v = topRow + (bottomRow - topRow) * fy;
        int q = (int) Math.min(255, Math.max(0, Math.round(v)));
        rgb = (rgb << 8) | q;
      }
      return rgb;
    }
  }
}
