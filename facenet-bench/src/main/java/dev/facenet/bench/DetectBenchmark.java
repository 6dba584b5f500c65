package dev.facenet.bench;

import dev.facenet.detect.FaceDetector;
import dev.facenet.detect.MtcnnDetector;
import dev.facenet.detect.SsdMobilenetV1Detector;
import dev.facenet.detect.TinyFaceDetector;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rough timing of the three detectors on one photo (not a test: no timed assertions), to set beside
 * reference/node/bench-detections.mjs on the same photo in the same run. Prints wall-clock and
 * process CPU milliseconds per detection, decoding excluded. Run from the repository root after
 * {@code mvn -q package -DskipTests}:
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.DetectBenchmark \
 *   facenet-models/target/face-api-package/package/demo/sample1.jpg 10
 * </pre>
 */
public final class DetectBenchmark {
  private DetectBenchmark() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    long d0 = System.nanoTime();
    BufferedImage image = ImageLoader.load(file);
    System.out.printf(
        Locale.ROOT,
        "%s %dx%d, decoded in %.1f ms%n",
        file.getFileName(),
        image.getWidth(),
        image.getHeight(),
        (System.nanoTime() - d0) / 1e6);
    try (SsdMobilenetV1Detector ssd = new SsdMobilenetV1Detector();
        TinyFaceDetector tiny = new TinyFaceDetector();
        MtcnnDetector mtcnn = new MtcnnDetector()) {
      for (FaceDetector d : List.of(ssd, tiny, mtcnn)) {
        for (int i = 0; i < 3; i++) {
          d.detect(image);
        }
        long[] walls = new long[runs];
        int faces = 0;
        long cpu0 = cpu();
        long wall0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          long t = System.nanoTime();
          faces = d.detect(image).size();
          walls[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - wall0;
        long cpu = cpu() - cpu0;
        Arrays.sort(walls);
        System.out.printf(
            Locale.ROOT,
            "%s: %d faces; wall median %.1f ms, min %.1f ms, mean %.1f ms; cpu %.1f ms per"
                + " detection over %d%n",
            d.name(),
            faces,
            walls[runs / 2] / 1e6,
            walls[0] / 1e6,
            wall / 1e6 / runs,
            cpu / 1e6 / runs,
            runs);
      }
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
