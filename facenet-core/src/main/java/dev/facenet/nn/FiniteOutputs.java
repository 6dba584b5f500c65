package dev.facenet.nn;

import dev.facenet.common.FaceNetException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guard on what a network gives back. On finite inputs our networks only ever give finite values;
 * a NaN score fails every threshold, so a network that gave NaN would make faces go missing in
 * silence. That happened: MTCNN's second stage gave a whole batch of NaN in about one CI run in
 * five, because PyTorch's convolution read padding channels it had not written (the cause, and the
 * cure, are in {@link TfConv#paddedChannels}). The guard stays for what is not known yet: such a
 * call runs once more, with a warning in the log, and a second result that is not finite is an
 * error, never a silent answer.
 *
 * <p>Thread-safe (stateless).
 */
public final class FiniteOutputs {
  private static final Logger LOG = LoggerFactory.getLogger(FiniteOutputs.class);

  private FiniteOutputs() {}

  /**
   * The outputs of {@code compute}, computed once more when any value is not finite.
   *
   * @param what the network and call, for the log and the error
   * @throws FaceNetException when the second run is not finite either
   */
  public static float[][] of(String what, Supplier<float[][]> compute) {
    float[][] out = compute.get();
    int bad = notFinite(out);
    if (bad == 0) {
      return out;
    }
    LOG.warn("{} gave {} values that are not finite numbers; running it again", what, bad);
    out = compute.get();
    bad = notFinite(out);
    if (bad != 0) {
      throw new FaceNetException(
          what + " gave " + bad + " values that are not finite numbers, twice in a row");
    }
    return out;
  }

  /** How many values are NaN or infinite. */
  static int notFinite(float[][] arrays) {
    int n = 0;
    for (float[] a : arrays) {
      for (float v : a) {
        if (!Float.isFinite(v)) {
          n++;
        }
      }
    }
    return n;
  }
}
