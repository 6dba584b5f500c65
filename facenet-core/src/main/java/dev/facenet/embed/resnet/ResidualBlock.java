package dev.facenet.embed.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * dlib's plain residual block: {@code relu(conv2(relu(conv1(x))) + x)}, both 3 x 3 stride 1 "same", so the
 * shape is kept and the identity shortcut needs no projection.
 */
public final class ResidualBlock extends AbstractBlock {
  private final ScaledConv conv1;
  private final ScaledConv conv2;

  public ResidualBlock(int channels) {
    conv1 = addChildBlock("conv1", new ScaledConv(channels, channels, 3, 1, ScaledConv.Padding.SAME, true));
    conv2 = addChildBlock("conv2", new ScaledConv(channels, channels, 3, 1, ScaledConv.Padding.SAME, false));
  }

  public ScaledConv conv1() {
    return conv1;
  }

  public ScaledConv conv2() {
    return conv2;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDList main = conv2.forward(store, conv1.forward(store, inputs, training, params), training, params);
    return new NDList(Activation.relu(main.singletonOrThrow().add(x)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
