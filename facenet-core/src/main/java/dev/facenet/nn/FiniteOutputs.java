package dev.facenet.nn;

import dev.facenet.common.FaceNetException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guard on what a network gives back. On finite inputs our networks only ever give finite values,
 * yet PyTorch 2.5 on the CPU was seen to give back a whole batch of NaN for one call of MTCNN's
 * second stage (220 candidates, the last batch of a photo), in about one test run in five and only
 * after many other networks had run in the process; the same input, whose values summed the same,
 * gave the right values at once when run again. A NaN score fails every threshold, so faces
 * silently went missing. The guard runs such a call once more and says so in the log; a second
 * result that is not finite is an error, never a silent answer.
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
    return of(what, compute, compute);
  }

  /**
   * As {@link #of(String, Supplier)}, the second run made by {@code again} (e.g. the same batch in
   * smaller parts, which PyTorch runs with other kernels).
   */
  public static float[][] of(String what, Supplier<float[][]> compute, Supplier<float[][]> again) {
    float[][] out = compute.get();
    int bad = notFinite(out);
    if (bad == 0) {
      return out;
    }
    LOG.warn("{} gave {} values that are not finite numbers; running it again", what, bad);
    out = again.get();
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
