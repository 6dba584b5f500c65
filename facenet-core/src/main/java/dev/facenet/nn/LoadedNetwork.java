package dev.facenet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The native memory of one loaded network (its weights) and the lock that keeps it alive while
 * calls use it, so that every network (encoders, detectors, landmark nets) closes safely the same
 * way. Calls share the read side of the lock and run at once; {@link #close()} takes the write
 * side, so it waits for running calls and never frees weights in use, and later calls fail with a
 * clear message.
 */
public final class LoadedNetwork implements AutoCloseable {
  private final String description;
  private final NDManager manager = Torch.newManager();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /**
   * @param description what the network is, for messages, e.g. {@code the tiny face detector}
   */
  public LoadedNetwork(String description) {
    this.description = description;
  }

  /** The manager that owns the weights: networks create their weight arrays in it while loading. */
  public NDManager manager() {
    return manager;
  }

  /**
   * Loads something that lives in this network's memory (e.g. a DJL block with its weights); when
   * loading fails, the memory is freed and the failure passed on. Autograd is off meanwhile:
   * PyTorch's switch belongs to each thread and is on in a new one, where writing weights into
   * parameters that require gradients in place would be refused (networks load on a background
   * thread).
   */
  public <T> T load(Function<NDManager, T> loader) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return loader.apply(manager);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /**
   * Runs {@code work} on the weights: under the read lock, with autograd off (inference records no
   * graph), in a tensor scope of its own that is freed when the work returns. The work must not
   * keep arrays of the scope.
   *
   * @throws IllegalStateException when the network is closed
   */
  public <T> T run(Function<NDManager, T> work) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(description + " is closed");
      }
      return InferenceLane.call(
          () -> {
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try (NDManager scope = manager.newSubManager()) {
              return work.apply(scope);
            } finally {
              JniUtils.setGradMode(grad);
            }
          });
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs the inputs of several callers as one batch: item i's floats become row i of an array of
   * shape [N, itemShape...], {@code forward} runs on it (under {@link #run}), and every output is
   * cut into N equal consecutive parts, item i's being part i. So each output must be batch-major:
   * its first axis the batch, or a reshape of such an array that keeps each item's values together.
   *
   * @return per item, its part of every output, in the order of the outputs
   */
  public List<float[][]> runBatch(
      List<float[]> items, Shape itemShape, Function<NDArray, NDList> forward) {
    int n = items.size();
    int length = Math.toIntExact(itemShape.size());
    float[] all = new float[n * length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(items.get(i), 0, all, i * length, length);
    }
    float[][] outputs =
        run(
            m -> {
              NDList out = forward.apply(m.create(all, new Shape(n).addAll(itemShape)));
              float[][] values = new float[out.size()][];
              for (int k = 0; k < values.length; k++) {
                values[k] = out.get(k).toFloatArray();
              }
              return values;
            });
    List<float[][]> perItem = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[][] mine = new float[outputs.length][];
      for (int k = 0; k < outputs.length; k++) {
        int part = outputs[k].length / n;
        mine[k] = Arrays.copyOfRange(outputs[k], i * part, (i + 1) * part);
      }
      perItem.add(mine);
    }
    return perItem;
  }

  /**
   * Frees the weights once no call is running; calls made afterwards fail. Closing twice does
   * nothing.
   */
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
