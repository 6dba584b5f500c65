package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution layer (square kernel, the same stride and zero padding on both axes, with bias)
 * that runs through {@link TfConv}, so that a face alone gives the same bits as in a batch (see
 * {@link TfConv#takesNativePathAlone}). Its parameters are named like DJL's {@code Conv2d} ({@code
 * weight} [filters, channels, k, k] and {@code bias}), so weights load, initialise and train the
 * same way.
 */
public final class Conv2dBlock extends AbstractBlock {
  private final int filters;
  private final int kernel;
  private final int stride;
  private final int pad;
  private final Parameter weight;
  private final Parameter bias;

  public Conv2dBlock(int filters, int kernel, int stride, int pad) {
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    this.weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    this.bias =
        addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    return new NDList(TfConv.convolve(x, w, b, stride, pad, pad, 1));
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    weight.setShape(new Shape(filters, inputShapes[0].get(1), kernel, kernel));
    bias.setShape(new Shape(filters));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long h = (in.get(2) + 2L * pad - kernel) / stride + 1;
    long w = (in.get(3) + 2L * pad - kernel) / stride + 1;
    return new Shape[] {new Shape(in.get(0), filters, h, w)};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no child blocks
  }
}
