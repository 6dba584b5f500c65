package dev.facenet.embed;

import ai.djl.ndarray.types.Shape;
import dev.facenet.common.FaceNetException;
import dev.facenet.weights.CsvTensorFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes nn4.small2's weights as the OpenFace/Keras CSV folder users have them in: one
 * file per tensor ({@code conv1_w.csv}, {@code bn1_m.csv}, {@code dense_w.csv}, ...), convolution
 * kernels in Torch order (out, in, kh, kw) and the dense kernel as (128, 736), which are also DJL's
 * layouts, so values are copied as they are. Loading reads and checks every file before it changes
 * the network, so a bad folder leaves the network as it was.
 */
public final class OpenFaceCsvWeights {

  private OpenFaceCsvWeights() {}

  /** Fills an initialised network from {@code dir}. */
  public static void load(Nn4Small2 net, Path dir) {
    requireFolder(dir);
    List<Nn4Small2.WeightFile> files = net.weightFiles();
    List<float[]> values = new ArrayList<>(files.size());
    for (Nn4Small2.WeightFile f : files) {
      Shape shape = f.parameter().getShape();
      values.add(
          CsvTensorFile.read(
              dir.resolve(f.name() + ".csv"), Math.toIntExact(shape.size()), describe(f)));
    }
    for (int i = 0; i < files.size(); i++) {
      files.get(i).fill(values.get(i));
    }
  }

  /** Writes every tensor of an initialised network into {@code dir} (created when missing). */
  public static void save(Nn4Small2 net, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FaceNetException(
          dir + ": cannot create the weights folder (" + e.getMessage() + ")", e);
    }
    for (Nn4Small2.WeightFile f : net.weightFiles()) {
      CsvTensorFile.write(dir.resolve(f.name() + ".csv"), f.parameter().getArray().toFloatArray());
    }
  }

  /** Refuses a weights folder that is not there, with a message that says what was expected. */
  static void requireFolder(Path dir) {
    if (!Files.exists(dir)) {
      throw new FaceNetException(
          dir
              + ": no such nn4-small2 weights folder (expected the OpenFace/Keras CSV files,"
              + " conv1_w.csv ... dense_b.csv)");
    }
    if (!Files.isDirectory(dir)) {
      throw new FaceNetException(
          dir + ": not a folder (--weights takes the folder of OpenFace/Keras CSV files)");
    }
  }

  private static String describe(Nn4Small2.WeightFile f) {
    StringBuilder s = new StringBuilder(f.name()).append(' ');
    long[] dims = f.parameter().getShape().getShape();
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : "x").append(dims[i]);
    }
    return s.toString();
  }
}
