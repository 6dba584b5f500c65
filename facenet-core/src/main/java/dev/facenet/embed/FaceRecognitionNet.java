package dev.facenet.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.facenet.embed.resnet.FaceRecognitionBlock;
import dev.facenet.image.NetInput;
import dev.facenet.nn.Torch;
import dev.facenet.weights.FaceApiWeights;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The default encoder: face-api's FaceRecognitionNet (a dlib-style ResNet trained with dlib's metric loss),
 * run on DJL's PyTorch engine with the package's own input preparation, so its 128-number descriptors match
 * face-api's. Descriptors are not normalised; two pictures show the same person when their distance is
 * under 0.6. Thread-safe: concurrent {@link #encode(List)} calls share the weights and each work in their own
 * tensor scope; large lists are cut into batches of {@link #MAX_BATCH}.
 */
public final class FaceRecognitionNet implements FaceEncoder {
  /** The id stored in the gallery and given to {@code --model}. */
  public static final String NAME = "resnet";
  /** Name of the model's files in face-api's model folder. */
  public static final String WEIGHTS = "face_recognition_model";
  /** Pictures run through the network together at most. */
  public static final int MAX_BATCH = 32;

  /** face-api: centred padding, legacy bilinear to 150, (x - mean RGB) / 255. */
  private static final NetInput INPUT = new NetInput(FaceRecognitionBlock.INPUT_SIZE, NetInput.Padding.CENTRED,
      new float[] {122.782f, 117.001f, 104.298f}, 255f);

  private final NDManager manager;
  private final FaceRecognitionBlock block;
  /** Encodes share the read side; close takes the write side, so it never frees arrays in use. */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private FaceRecognitionNet(FaceApiWeights weights) {
    NDManager m = Torch.newManager();
    try {
      block = FaceRecognitionBlock.pretrained(weights, m);
      // Inference only: no parameter takes part in autograd.
      block.freezeParameters(true);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    manager = m;
  }

  /** The network with the weights that ship with the tool. */
  public static FaceRecognitionNet pretrained() {
    return new FaceRecognitionNet(FaceApiWeights.bundled(WEIGHTS));
  }

  /** The network with weights in face-api's format (a manifest and its weight files). */
  public static FaceRecognitionNet withWeights(FaceApiWeights weights) {
    return new FaceRecognitionNet(weights);
  }

  /** How pictures are turned into the network's input. */
  public static NetInput input() {
    return INPUT;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int inputSize() {
    return FaceRecognitionBlock.INPUT_SIZE;
  }

  @Override
  public int dimension() {
    return FaceRecognitionBlock.DIMENSION;
  }

  @Override
  public float[][] encode(List<BufferedImage> faces) {
    float[][] out = new float[faces.size()][];
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("this encoder is closed");
      }
      for (int from = 0; from < faces.size(); from += MAX_BATCH) {
        int to = Math.min(faces.size(), from + MAX_BATCH);
        encodeBatch(faces.subList(from, to), out, from);
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  private void encodeBatch(List<BufferedImage> faces, float[][] out, int offset) {
    int n = faces.size();
    int per = INPUT.floatsPerImage();
    float[] data = new float[n * per];
    for (int i = 0; i < n; i++) {
      INPUT.prepare(Objects.requireNonNull(faces.get(i), "face picture " + (offset + i)), data, i * per);
    }
    int size = INPUT.size();
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(data, new Shape(n, 3, size, size));
      NDArray y = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
      float[] flat = y.toFloatArray();
      int d = dimension();
      for (int i = 0; i < n; i++) {
        float[] row = new float[d];
        System.arraycopy(flat, i * d, row, 0, d);
        out[offset + i] = row;
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        manager.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
