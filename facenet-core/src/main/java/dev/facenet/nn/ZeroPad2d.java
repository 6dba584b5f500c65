package dev.facenet.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras' {@code ZeroPadding2D} as a DJL block: pads the two spatial axes of an (N, C, H, W) batch
 * with zeros, each side by its own amount. DJL's pools pad with their own rule (max-pool pads with
 * minus infinity), and the Keras networks we port pad explicitly and sometimes unevenly ((3, 4)
 * before a concatenation), so padding is a layer of its own here. It has no parameters and passes
 * gradients through.
 */
public final class ZeroPad2d extends AbstractBlock {
  private final int top;
  private final int bottom;
  private final int left;
  private final int right;

  /** Pads every side by {@code p}. */
  public ZeroPad2d(int p) {
    this(p, p, p, p);
  }

  /** Pads top, bottom, left and right by their own amounts. */
  public ZeroPad2d(int top, int bottom, int left, int right) {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("padding cannot be negative");
    }
    this.top = top;
    this.bottom = bottom;
    this.left = left;
    this.right = right;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    // NDArray.pad takes (before, after) pairs starting from the last axis: W first, then H.
    return new NDList(inputs.singletonOrThrow().pad(new Shape(left, right, top, bottom), 0));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    int d = in.dimension();
    long[] out = in.getShape().clone();
    out[d - 2] += top + bottom;
    out[d - 1] += left + right;
    return new Shape[] {new Shape(out)};
  }

  @Override
  public String toString() {
    return "ZeroPad2d(" + top + ", " + bottom + ", " + left + ", " + right + ")";
  }
}
