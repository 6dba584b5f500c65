package dev.facenet.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Turns a picture into the float input of a network exactly the way face-api prepares it: pad to a
 * square with black, resize with TensorFlow's "legacy" bilinear (align_corners = false,
 * half_pixel_centers = false: source = destination * in / out, which is not PyTorch's
 * interpolation), then subtract a per-channel mean and divide. Output is channels-first (RGB
 * planes), the layout DJL's convolutions take.
 */
public final class NetInput {

  /** Where the black padding goes when a picture is made square. */
  public enum Padding {
    /**
     * Split across both sides, the larger half after (face-api's landmark and recognition nets).
     */
    CENTRED,
    /** All of it below or to the right (face-api's detectors). */
    BOTTOM_RIGHT
  }

  private final int size;
  private final Padding padding;
  private final float[] mean;
  private final float divisor;

  /**
   * @param size side of the square input
   * @param padding where the padding goes
   * @param mean per-channel value (R, G, B, on the 0..255 scale) subtracted after resizing
   * @param divisor what the centred value is divided by
   */
  public NetInput(int size, Padding padding, float[] mean, float divisor) {
    if (mean.length != 3) {
      throw new IllegalArgumentException("mean needs 3 values (R, G, B)");
    }
    this.size = size;
    this.padding = padding;
    this.mean = mean.clone();
    this.divisor = divisor;
  }

  public int size() {
    return size;
  }

  /** The per-channel value (R, G, B, 0..255 scale) subtracted after resizing. */
  public float[] mean() {
    return mean.clone();
  }

  /** What the centred value is divided by. */
  public float divisor() {
    return divisor;
  }

  /** Number of floats one picture takes: 3 x size x size. */
  public int floatsPerImage() {
    return 3 * size * size;
  }

  /** Prepares one picture into a new array. */
  public float[] prepare(BufferedImage image) {
    float[] out = new float[floatsPerImage()];
    prepare(image, out, 0);
    return out;
  }

  /** Prepares one picture into {@code out} from {@code offset} on (channels-first). */
  public void prepare(BufferedImage image, float[] out, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    Pixels rgb = Pixels.of(image);
    int side = Math.max(w, h);
    int padX = 0;
    int padY = 0;
    if (padding == Padding.CENTRED) {
      // face-api: after = round(d / 2) (JavaScript rounds halves up), before = d - after.
      padX = (side - w) - (int) Math.floor((side - w) / 2.0 + 0.5);
      padY = (side - h) - (int) Math.floor((side - h) / 2.0 + 0.5);
    }
    int plane = size * size;
    double ratio = (double) side / size;
    int[] y0 = new int[size];
    int[] y1 = new int[size];
    float[] fy = new float[size];
    legacyAxis(ratio, side, y0, y1, fy);
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    float[] fx = new float[size];
    legacyAxis(ratio, side, x0, x1, fx);
    for (int oy = 0; oy < size; oy++) {
      int sy0 = y0[oy] - padY;
      int sy1 = y1[oy] - padY;
      for (int ox = 0; ox < size; ox++) {
        int sx0 = x0[ox] - padX;
        int sx1 = x1[ox] - padX;
        int tl = rgb.at(sx0, sy0);
        int tr = rgb.at(sx1, sy0);
        int bl = rgb.at(sx0, sy1);
        int br = rgb.at(sx1, sy1);
        int o = offset + oy * size + ox;
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          float a = (tl >> shift) & 0xff;
          float b = (tr >> shift) & 0xff;
          float cc = (bl >> shift) & 0xff;
          float d = (br >> shift) & 0xff;
          float top = a + (b - a) * fx[ox];
          float bottom = cc + (d - cc) * fx[ox];
          float v = top + (bottom - top) * fy[oy];
          out[o + c * plane] = (v - mean[c]) / divisor;
        }
      }
    }
  }

  /** Source indices and fractions of TensorFlow's legacy bilinear resize along one axis. */
  private static void legacyAxis(double ratio, int in, int[] lo, int[] hi, float[] frac) {
    for (int i = 0; i < lo.length; i++) {
      double src = i * ratio;
      int f = (int) Math.floor(src);
      lo[i] = f;
      hi[i] = Math.min(in - 1, (int) Math.ceil(src));
      frac[i] = (float) (src - f);
    }
  }

  /**
   * A picture's pixels as 0xRRGGBB ints (any top byte is ignored), read in place from the picture's
   * own buffer when it is {@link BufferedImage#TYPE_INT_RGB} (what {@link ImageLoader} makes), else
   * copied once with {@code getRGB}, which converts every pixel through the colour model and takes
   * milliseconds on a photo.
   *
   * @param first index of pixel (0, 0) in {@code buffer}
   * @param stride ints from one row to the next
   */
  private record Pixels(DataBufferInt buffer, int first, int stride, int width, int height) {

    static Pixels of(BufferedImage image) {
      int w = image.getWidth();
      int h = image.getHeight();
      WritableRaster raster = image.getRaster();
      if (image.getType() == BufferedImage.TYPE_INT_RGB
          && raster.getDataBuffer() instanceof DataBufferInt buffer
          && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
          && buffer.getNumBanks() == 1) {
        // A sub-image shares its parent's buffer, shifted by the raster's translation.
        int first =
            model.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());
        return new Pixels(buffer, first, model.getScanlineStride(), w, h);
      }
      int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
      return new Pixels(new DataBufferInt(rgb, rgb.length), 0, w, w, h);
    }

    /** The pixel at (x, y) of the padded picture: black outside the original. */
    int at(int x, int y) {
      return x < 0 || y < 0 || x >= width || y >= height
          ? 0
          : buffer.getElem(first + y * stride + x);
    }
  }
}
