package dev.facenet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.facenet.common.FaceNetException;
import dev.facenet.nn.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Teacher} makes of each training picture: the targets of distillation. The triplet
 * loss only asks that the training people end up a margin apart; with few of them (ORL's thirty)
 * the network learns those thirty clusters and little else, a space of three or four directions
 * into which new people fall between old ones. The teacher learnt from many more faces how alike
 * two pictures are, and its encoding of each training picture passes that on: the student is pulled
 * towards it, picture by picture.
 *
 * <p>The teacher's encodings are centred on the training pictures' mean and L2-normalised. Raw,
 * face-api's encodings sit in a narrow cone (two people 0.27 apart in squared distance once
 * normalised, one person's pictures 0.04), where the student's margin of 0.2 would fight the
 * targets; centred, the same pictures are 2.1 and 0.34 apart, on the unit sphere the student's
 * encodings live on.
 */
final class TeacherTargets {
  private final String model;
  private final Map<Path, float[]> bySource;
  private final int dimension;
  private final float weight;

  private TeacherTargets(String model, Map<Path, float[]> bySource, int dimension, float weight) {
    this.model = model;
    this.bySource = bySource;
    this.dimension = dimension;
    this.weight = weight;
  }

  /**
   * Encodes every chip of {@code chips} (the teacher's chips of the training pictures) with {@code
   * teacher}'s network.
   */
  static TeacherTargets encode(Teacher teacher, ChipSet chips) {
    return of(teacher.model(), rawEncodings(teacher, chips), teacher.weight());
  }

  /**
   * The teacher's own encodings of {@code chips}, by picture, as its encoder gives them at
   * inference with {@code --flip}: the mean of the encodings of the chip and of its mirror image.
   * The student sees each picture mirrored half of the time, with the same target; a target that is
   * the same for both is one it can meet.
   */
  static Map<Path, float[]> rawEncodings(Teacher teacher, ChipSet chips) {
    List<byte[]> pictures = new ArrayList<>();
    List<byte[]> mirrored = new ArrayList<>();
    for (ChipSet.Identity id : chips.identities()) {
      for (ChipSet.Chip c : id.chips()) {
        pictures.add(c.pixels());
        mirrored.add(mirror(c.pixels(), chips.size()));
      }
    }
    ChipFormat format = teacher.network().chipFormat();
    float[][] e;
    float[][] f;
    try (NDManager m = Torch.newManager()) {
      ParameterStore store = new ParameterStore(m, false);
      java.util.function.UnaryOperator<NDArray> forward =
          x ->
              teacher
                  .network()
                  .block()
                  .forward(store, new ai.djl.ndarray.NDList(x), false)
                  .singletonOrThrow();
      e = ChipEncoding.encode(pictures, format, m, forward);
      f = ChipEncoding.encode(mirrored, format, m, forward);
    }
    Map<Path, float[]> raw = new LinkedHashMap<>();
    int i = 0;
    for (ChipSet.Identity id : chips.identities()) {
      for (ChipSet.Chip c : id.chips()) {
        float[] mean = new float[e[i].length];
        for (int j = 0; j < mean.length; j++) {
          mean[j] = (e[i][j] + f[i][j]) / 2;
        }
        raw.put(key(c.source()), mean);
        i++;
      }
    }
    return raw;
  }

  /** A channels-first chip of side {@code size}, mirrored left to right. */
  static byte[] mirror(byte[] chip, int size) {
    byte[] out = new byte[chip.length];
    for (int row = 0; row < chip.length / size; row++) {
      for (int x = 0; x < size; x++) {
        out[row * size + x] = chip[row * size + size - 1 - x];
      }
    }
    return out;
  }

  /**
   * Targets from the teacher's raw encodings of the training pictures (centred on their mean, then
   * L2-normalised).
   */
  static TeacherTargets of(String model, Map<Path, float[]> raw, float weight) {
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("the teacher encoded no picture");
    }
    int d = raw.values().iterator().next().length;
    double[] mean = new double[d];
    for (float[] v : raw.values()) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[j] / (double) raw.size();
      }
    }
    Map<Path, float[]> targets = new HashMap<>();
    raw.forEach(
        (source, v) -> {
          double[] c = new double[d];
          double norm = 0;
          for (int j = 0; j < d; j++) {
            c[j] = v[j] - mean[j];
            norm += c[j] * c[j];
          }
          norm = Math.sqrt(norm);
          float[] t = new float[d];
          for (int j = 0; j < d; j++) {
            t[j] = norm > 0 ? (float) (c[j] / norm) : 0f;
          }
          targets.put(key(source), t);
        });
    return new TeacherTargets(model, targets, d, weight);
  }

  /** The teacher's model id. */
  String model() {
    return model;
  }

  float weight() {
    return weight;
  }

  int dimension() {
    return dimension;
  }

  /** The target of one training picture. */
  float[] target(Path source) {
    float[] t = bySource.get(key(source));
    if (t == null) {
      throw new IllegalStateException("the teacher has no encoding of " + source);
    }
    return t;
  }

  /**
   * The distillation term of one batch: the weight times the sum over its pictures of the squared
   * distance between the student's encoding ({@code emb}, row i for picture i) and the teacher's.
   */
  NDArray loss(NDManager m, NDArray emb, List<Path> pictures) {
    int n = pictures.size();
    if (emb.getShape().get(1) != dimension) {
      throw new FaceNetException(
          "the teacher ("
              + model
              + ") gives encodings of "
              + dimension
              + " numbers and the "
              + "trained network of "
              + emb.getShape().get(1)
              + ": a teacher must give encodings of the same length");
    }
    float[] t = new float[n * dimension];
    for (int i = 0; i < n; i++) {
      System.arraycopy(target(pictures.get(i)), 0, t, i * dimension, dimension);
    }
    return emb.sub(m.create(t, new Shape(n, dimension))).square().sum().mul(weight);
  }

  private static Path key(Path source) {
    return source.toAbsolutePath().normalize();
  }
}
