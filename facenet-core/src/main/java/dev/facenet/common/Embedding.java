package dev.facenet.common;

import java.util.Arrays;
import java.util.Objects;

/**
 * A face encoding: the vector a network made from one face picture, tagged with the network ({@code
 * model}) and the way the face was cut out of its picture ({@code crop}). Encodings are only
 * comparable when both tags agree, which is why they travel with the numbers.
 */
public record Embedding(String model, String crop, float[] values) {

  public Embedding {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(crop, "crop");
    values = values.clone();
  }

  /** The numbers, as a copy. */
  @Override
  public float[] values() {
    return values.clone();
  }

  public int dimension() {
    return values.length;
  }

  public float get(int i) {
    return values[i];
  }

  /** True when this and {@code other} were made by the same network with the same crop. */
  public boolean comparableWith(Embedding other) {
    return model.equals(other.model)
        && crop.equals(other.crop)
        && values.length == other.values.length;
  }

  /** Euclidean distance; refuses encodings of different models or crops. */
  public double distanceTo(Embedding other) {
    if (!comparableWith(other)) {
      throw new IllegalArgumentException(
          "cannot compare an encoding of "
              + model
              + "/"
              + crop
              + " with one of "
              + other.model
              + "/"
              + other.crop);
    }
    return distance(values, other.values);
  }

  /** Euclidean distance of two equally long vectors, accumulated in double. */
  public static double distance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e
        && model.equals(e.model)
        && crop.equals(e.crop)
        && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, crop, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "Embedding[" + model + "/" + crop + ", " + values.length + " values]";
  }
}
