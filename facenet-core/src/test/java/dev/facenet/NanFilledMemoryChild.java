package dev.facenet;

import dev.facenet.common.Detector;
import dev.facenet.common.Face;
import dev.facenet.detect.Detection;
import dev.facenet.detect.MtcnnDetector;
import dev.facenet.detect.MtcnnDetectorTest;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@link NanFilledMemoryTest} in a child JVM: every network of the pipeline on real photos
 * (both detectors with both landmark nets and the ResNet encoder, and MTCNN, which the face finder
 * tries last), each value printed exactly, so that two runs can be compared bit for bit.
 */
public final class NanFilledMemoryChild {
  private NanFilledMemoryChild() {}

  public static void main(String[] args) {
    Path demo = Path.of(System.getProperty("facenet.package"), "demo", "sample1.jpg");
    Path kevin = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images/kevin.jpg");
    for (Detector detector : Detector.values()) {
      for (boolean tinyLandmarks : new boolean[] {false, true}) {
        try (FaceNet net =
            FaceNet.builder().detector(detector).tinyLandmarks(tinyLandmarks).build()) {
          List<Face> faces = net.faces(demo);
          System.out.println(detector + " tinyLandmarks=" + tinyLandmarks + ": " + faces.size());
          for (Face f : faces) {
            System.out.println(
                "  "
                    + f.box()
                    + " "
                    + f.score()
                    + " "
                    + Arrays.deepToString(f.landmarks().toArray())
                    + " "
                    + Arrays.toString(f.embedding().values()));
          }
        }
      }
    }
    try (MtcnnDetector mtcnn = new MtcnnDetector()) {
      for (BufferedImage picture :
          List.of(ImageLoader.load(demo), MtcnnDetectorTest.withMargin(ImageLoader.load(kevin)))) {
        List<Detection> found = mtcnn.detect(picture);
        System.out.println("mtcnn: " + found.size());
        for (Detection d : found) {
          System.out.println("  " + d.box() + " " + d.score());
        }
      }
    }
  }
}
