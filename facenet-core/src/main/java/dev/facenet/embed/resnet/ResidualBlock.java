package dev.facenet.embed.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * dlib's plain residual block: {@code relu(conv2(relu(conv1(x))) + x)}, both 3 x 3 stride 1 "same",
 * so the shape is kept and the identity shortcut needs no projection.
 */
public final class ResidualBlock extends TwoConvBlock {

  public ResidualBlock(int channels) {
    super(
        new ScaledConv(channels, channels, 3, 1, ScaledConv.Padding.SAME, true),
        new ScaledConv(channels, channels, 3, 1, ScaledConv.Padding.SAME, false));
  }

  @Override
  NDArray addShortcut(NDArray main, NDArray x) {
    return main.add(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
