package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Keras' default kernel initialiser ({@code glorot_uniform}: uniform in +-sqrt(6 / (fan_in +
 * fan_out))) drawn from our own seeded generator, so a network initialised with the same seed gets
 * the same weights on every run and every engine. DJL's initialisers draw from the engine's global
 * random state instead.
 *
 * <p>Fans follow Keras for (out, in, kh, kw) convolution kernels (fan_in = in * kh * kw, fan_out =
 * out * kh * kw) and (out, in) dense kernels. Values are drawn in the order the parameters are
 * initialised, which DJL keeps fixed for a given block, so one instance initialises one network.
 */
public final class GlorotUniform implements Initializer {
  private final SplittableRandom random;

  public GlorotUniform(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    if (shape.dimension() < 2) {
      throw new IllegalArgumentException(
          "Glorot initialisation needs a kernel of 2 or more axes, got " + shape);
    }
    long receptive = 1;
    for (int i = 2; i < shape.dimension(); i++) {
      receptive *= shape.get(i);
    }
    double fanIn = shape.get(1) * receptive;
    double fanOut = shape.get(0) * receptive;
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return manager.create(values, shape).toType(dataType, false);
  }
}
