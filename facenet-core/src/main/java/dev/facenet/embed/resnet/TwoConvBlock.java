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
 * What dlib's two residual blocks share: a main path of two 3 x 3 {@link ScaledConv}s named {@code
 * conv1} (with ReLU) and {@code conv2} (without), a shortcut from the input, and {@code relu(main +
 * shortcut)}. The blocks differ only in their convolutions' strides and padding and in how the
 * shortcut meets the main path.
 */
public abstract class TwoConvBlock extends AbstractBlock {
  private final ScaledConv conv1;
  private final ScaledConv conv2;

  TwoConvBlock(ScaledConv conv1, ScaledConv conv2) {
    this.conv1 = addChildBlock("conv1", conv1);
    this.conv2 = addChildBlock("conv2", conv2);
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
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray main =
        conv2
            .forward(store, conv1.forward(store, inputs, training, params), training, params)
            .singletonOrThrow();
    return new NDList(Activation.relu(addShortcut(main, x)));
  }

  /** The main path's output plus the shortcut from the block's input {@code x}. */
  abstract NDArray addShortcut(NDArray main, NDArray x);
}
