package dev.facenet.embed.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * dlib's down-sampling residual block as face-api runs it. Main path: 3 x 3 stride 2 "valid" conv +
 * ReLU, then 3 x 3 stride 1 "same" conv. Shortcut: 2 x 2 stride 2 average pool, widened with zero
 * channels when the block adds channels. When the main path comes out one row and column smaller
 * than the shortcut (odd sizes), it gets a zero row at the bottom and a zero column at the right.
 * Output: {@code relu(main + shortcut)}.
 */
public final class DownBlock extends TwoConvBlock {
  private static final Shape POOL = new Shape(2, 2);
  private static final Shape NO_PAD = new Shape(0, 0);

  private final int inChannels;
  private final int outChannels;

  public DownBlock(int inChannels, int outChannels) {
    super(
        new ScaledConv(inChannels, outChannels, 3, 2, ScaledConv.Padding.VALID, true),
        new ScaledConv(outChannels, outChannels, 3, 1, ScaledConv.Padding.SAME, false));
    if (outChannels < inChannels) {
      throw new IllegalArgumentException(
          "a down block cannot drop channels: " + inChannels + " -> " + outChannels);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
  }

  @Override
  NDArray addShortcut(NDArray main, NDArray x) {
    NDArray shortcut = Pool.avgPool2d(x, POOL, POOL, NO_PAD, false, true);
    if (outChannels > inChannels) {
      // Pad the channel axis (third from the end, so the fifth and sixth numbers) with zeros after.
      shortcut = shortcut.pad(new Shape(0, 0, 0, 0, 0, outChannels - inChannels), 0);
    }
    long dh = shortcut.getShape().get(2) - main.getShape().get(2);
    long dw = shortcut.getShape().get(3) - main.getShape().get(3);
    if (dh != 0 || dw != 0) {
      main = main.pad(new Shape(0, dw, 0, dh), 0);
    }
    return main.add(shortcut);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long h = Math.max(in.get(2) / 2, conv1().outputSize(in.get(2)));
    long w = Math.max(in.get(3) / 2, conv1().outputSize(in.get(3)));
    return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
  }
}
