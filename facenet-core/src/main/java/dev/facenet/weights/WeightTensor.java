package dev.facenet.weights;

import java.util.Arrays;

/**
 * One named tensor read from a weight file, as float32 values in the file's own (row-major,
 * TensorFlow) layout. Networks permute it to the layout their engine wants.
 */
public record WeightTensor(String name, int[] shape, float[] data) {

  public WeightTensor {
    shape = shape.clone();
    if (elementCount(shape) != data.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The shape as longs, as DJL's {@code Shape} wants it. */
  public long[] shapeAsLongs() {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  public int size() {
    return data.length;
  }

  /** Number of elements a shape holds (1 for a scalar). */
  public static int elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
    }
    return (int) n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
