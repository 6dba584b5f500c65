package dev.facenet.weights;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.facenet.common.AtomicFile;
import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes tensors in face-api's weights format (the manifest JSON and one shard of little-endian
 * float32 values, not quantized), so weights trained here load wherever face-api's own do ({@link
 * FaceApiWeights#load}). Each file is written through {@link AtomicFile}, so an interrupted save
 * leaves no half-written file under the final name.
 */
public final class FaceApiWeightsWriter {
  private FaceApiWeightsWriter() {}

  /**
   * Writes {@code <model>-weights_manifest.json} and {@code <model>-shard1} into {@code dir}.
   *
   * @return the two file names
   */
  public static List<String> write(Path dir, String model, List<WeightTensor> tensors) {
    String shard = model + "-shard1";
    String manifestName = model + "-weights_manifest.json";
    long floats = tensors.stream().mapToLong(WeightTensor::size).sum();
    if (4 * floats > Integer.MAX_VALUE) {
      throw new FaceNetException("face-api weights: " + floats + " values do not fit in one shard");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (4 * floats)).order(ByteOrder.LITTLE_ENDIAN);
    JsonArray entries = new JsonArray();
    for (WeightTensor t : tensors) {
      for (float v : t.data()) {
        buf.putFloat(v);
      }
      JsonObject e = new JsonObject();
      e.addProperty("name", t.name());
      JsonArray shape = new JsonArray();
      for (int d : t.shape()) {
        shape.add(d);
      }
      e.add("shape", shape);
      e.addProperty("dtype", "float32");
      entries.add(e);
    }
    JsonObject group = new JsonObject();
    JsonArray paths = new JsonArray();
    paths.add(shard);
    group.add("paths", paths);
    group.add("weights", entries);
    JsonArray manifest = new JsonArray();
    manifest.add(group);
    try {
      Files.createDirectories(dir);
      replace(dir.resolve(shard), buf.array());
      replace(
          dir.resolve(manifestName),
          new GsonBuilder()
              .setPrettyPrinting()
              .create()
              .toJson(manifest)
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new FaceNetException(
          "cannot write face-api weights into " + dir + ": " + e.getMessage(), e);
    }
    return List.of(manifestName, shard);
  }

  private static void replace(Path file, byte[] bytes) throws IOException {
    AtomicFile.write(file, out -> out.write(bytes));
  }
}
