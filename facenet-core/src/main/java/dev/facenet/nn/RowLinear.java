package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer whose every output row depends on its own input row only, down to the
 * last bit. A matrix product ({@code matMul}, DJL's {@code Linear}) picks its kernel by the number
 * of rows, and kernels sum in different orders: the same face then gets encodings that differ in
 * the last bits depending on how many other faces share its batch. Encodings must not depend on
 * that (a batching queue groups concurrent callers' faces however they arrive), so this layer
 * multiplies element-wise and sums each row on its own, which costs a temporary of batch x outputs
 * x inputs floats (4 MB for 32 faces of the ResNet's 256 -> 128).
 *
 * <p>Same parameters as DJL's {@code Linear} ({@code weight} [outputs, inputs], optional {@code
 * bias}), so weights load the same way and training works through autograd.
 */
public final class RowLinear extends AbstractBlock {
  private final long units;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * @param units outputs; {@code withBias} adds a bias
   */
  public RowLinear(long units, boolean withBias) {
    this.units = units;
    this.weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    this.bias =
        withBias
            ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
            : null;
  }

  /**
   * The product of {@code x} [N, inputs] with {@code w} [outputs, inputs] transposed, row by row.
   */
  public static NDArray apply(NDArray x, NDArray w) {
    return x.expandDims(1).mul(w.expandDims(0)).sum(new int[] {2});
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray flat = x.reshape(x.getShape().get(0), -1);
    NDArray out = apply(flat, store.getValue(weight, x.getDevice(), training));
    if (bias != null) {
      out = out.add(store.getValue(bias, x.getDevice(), training));
    }
    return new NDList(out);
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long inputs = in.size() / in.get(0);
    weight.setShape(new Shape(units, inputs));
    if (bias != null) {
      bias.setShape(new Shape(units));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), units)};
  }

  @Override
  public void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    // no child blocks
  }
}
