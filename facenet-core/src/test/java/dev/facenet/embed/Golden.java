package dev.facenet.embed;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The descriptors face-api made in Node (reference/node/golden-descriptors.mjs), read from the test
 * class path.
 */
record Golden(String faceapi, String tfjs, String backend, List<Picture> pictures) {

  /** One picture: where it is, its decoded size and pixel hash, and face-api's descriptor of it. */
  record Picture(
      String base, String file, int width, int height, String rgbSha256, float[] descriptor) {
    /** The picture file, under the shared fixtures or the unpacked npm package. */
    Path path() {
      String root =
          switch (base) {
            case "shared" -> System.getProperty("facenet.shared");
            case "package" -> System.getProperty("facenet.package");
            default -> throw new IllegalStateException("unknown base " + base);
          };
      if (root == null) {
        throw new IllegalStateException(
            "system property for " + base + " is not set (run the tests with Maven)");
      }
      return Path.of(root, file);
    }

    boolean isJpeg() {
      return file.endsWith(".jpg") || file.endsWith(".jpeg");
    }
  }

  static Golden resnet() {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/resnet-descriptors.json")) {
      return new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Golden.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
