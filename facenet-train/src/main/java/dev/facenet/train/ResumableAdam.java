package dev.facenet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam (Kingma and Ba, the PyTorch formulation) as a DJL {@link Optimizer} whose state can be
 * written to a checkpoint and read back. DJL's own Adam keeps its moments private, so a run resumed
 * with it would restart the moments at zero and drift from an uninterrupted run; with this one a
 * resumed run continues exactly. The state is keyed by the parameter's path in the block (stable
 * across processes), not by DJL's random parameter ids.
 */
public final class ResumableAdam extends Optimizer {
  private static final int FORMAT = 1;

  private volatile float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, String> nameOfId = new HashMap<>();
  private final Map<String, NDArray> mean = new TreeMap<>();
  private final Map<String, NDArray> variance = new TreeMap<>();
  private final Map<String, Integer> steps = new TreeMap<>();
  private final NDManager manager;

  /** Adam over the trainable parameters of {@code block}, its state kept in {@code manager}. */
  public ResumableAdam(Block block, NDManager manager, float learningRate) {
    this(block, manager, learningRate, 0.9f, 0.999f, 1e-8f);
  }

  public ResumableAdam(
      Block block, NDManager manager, float learningRate, float beta1, float beta2, float epsilon) {
    super(new Builder());
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive");
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.manager = manager;
    for (Pair<String, Parameter> p : block.getParameters()) {
      nameOfId.put(p.getValue().getId(), p.getKey());
    }
  }

  public float learningRate() {
    return learningRate;
  }

  /** Changes the step size from the next update on (a schedule; the moments are kept). */
  public void setLearningRate(float lr) {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("learning rate must be positive");
    }
    learningRate = lr;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameOfId.get(parameterId);
    if (name == null) {
      throw new IllegalStateException(
          "parameter " + parameterId + " is not one of the trained block's");
    }
    NDArray m = mean.computeIfAbsent(name, k -> zeros(weight));
    NDArray v = variance.computeIfAbsent(name, k -> zeros(weight));
    int t = steps.merge(name, 1, Integer::sum);
    try (NDArray g1 = grad.mul(1 - beta1)) {
      m.muli(beta1).addi(g1);
    }
    try (NDArray g2 = grad.square()) {
      g2.muli(1 - beta2);
      v.muli(beta2).addi(g2);
    }
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    try (NDArray denom = v.sqrt()) {
      denom.divi((float) Math.sqrt(bc2)).addi(epsilon);
      try (NDArray step = m.div(denom)) {
        step.muli((float) (learningRate / bc1));
        weight.subi(step);
      }
    }
    // PyTorch adds gradients up; the next batch must start from zero.
    try (NDArray g = weight.getGradient()) {
      g.subi(g);
    }
  }

  private NDArray zeros(NDArray like) {
    NDArray z = manager.zeros(like.getShape(), like.getDataType());
    return z;
  }

  /** Writes the moments and step counts (parameter paths in sorted order). */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(steps.size());
    for (Map.Entry<String, Integer> e : steps.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue());
      writeFloats(out, mean.get(e.getKey()).toFloatArray());
      writeFloats(out, variance.get(e.getKey()).toFloatArray());
    }
  }

  /** Reads what {@link #save} wrote, for the same block. */
  public void load(DataInputStream in, Block block) throws IOException {
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("optimizer state format " + format + " is not " + FORMAT);
    }
    Map<String, Parameter> byName = new HashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      byName.put(p.getKey(), p.getValue());
    }
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      int t = in.readInt();
      Parameter p = byName.get(name);
      if (p == null) {
        throw new IOException("optimizer state for an unknown parameter " + name);
      }
      NDArray w = p.getArray();
      float[] m = readFloats(in);
      float[] v = readFloats(in);
      if (m.length != w.size() || v.length != w.size()) {
        throw new IOException(
            "optimizer state for "
                + name
                + " has "
                + m.length
                + " values, the parameter "
                + w.size());
      }
      replace(mean, name, manager.create(m, w.getShape()));
      replace(variance, name, manager.create(v, w.getShape()));
      steps.put(name, t);
    }
  }

  private static void replace(Map<String, NDArray> map, String name, NDArray value) {
    NDArray old = map.put(name, value);
    if (old != null) {
      old.close();
    }
  }

  private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
    out.writeInt(f.length);
    for (float x : f) {
      out.writeFloat(x);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 200_000_000) {
      throw new IOException("bad length " + n);
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = in.readFloat();
    }
    return f;
  }

  /** DJL's base class wants a builder; nothing of it is used (no rescaling, clipping or decay). */
  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
