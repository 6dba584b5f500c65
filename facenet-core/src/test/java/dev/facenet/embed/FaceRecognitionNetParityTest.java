package dev.facenet.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.common.Embedding;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our FaceRecognitionNet against face-api itself: the same pictures, decoded by ImageLoader here
 * and by {@code @canvas/image} in Node, must give the same descriptors (every component and every
 * pairwise distance within 1e-4).
 */
class FaceRecognitionNetParityTest {
  private static final double TOLERANCE = 1e-4;

  private static Golden golden;
  private static List<BufferedImage> images;

  /** Our descriptors of the golden pictures, all encoded in one call. */
  private static float[][] ours;

  @BeforeAll
  static void setUp() {
    golden = Golden.resnet();
    images = golden.pictures().stream().map(p -> ImageLoader.load(p.path())).toList();
    try (FaceRecognitionNet net = FaceRecognitionNet.pretrained()) {
      ours = net.encode(images);
    }
  }

  @Test
  void goldenSetIsLargeAndVaried() {
    assertThat(golden.backend()).isEqualTo("wasm");
    assertThat(golden.faceapi()).isEqualTo("1.7.15");
    assertThat(golden.pictures()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(golden.pictures())
        .extracting(Golden.Picture::file)
        .anyMatch(f -> f.endsWith(".png"))
        .anyMatch(f -> f.endsWith(".pgm"))
        .anyMatch(f -> f.endsWith(".gif"))
        .anyMatch(f -> f.endsWith(".jpg"))
        .filteredOn(f -> f.startsWith("demo/"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void picturesDecodeToTheSamePixelsAsInNode() {
    for (int i = 0; i < images.size(); i++) {
      Golden.Picture p = golden.pictures().get(i);
      BufferedImage img = images.get(i);
      assertThat(img.getWidth()).as(p.file()).isEqualTo(p.width());
      assertThat(img.getHeight()).as(p.file()).isEqualTo(p.height());
      assertThat(rgbSha256(img)).as("decoded pixels of " + p.file()).isEqualTo(p.rgbSha256());
    }
  }

  @Test
  void descriptorsMatchFaceApi() {
    assertThat(ours).hasNumberOfRows(golden.pictures().size());
    for (int i = 0; i < ours.length; i++) {
      Golden.Picture p = golden.pictures().get(i);
      assertThat(ours[i]).as(p.file()).hasSize(128);
      for (int k = 0; k < 128; k++) {
        assertThat(ours[i][k])
            .as(p.file() + " component " + k)
            .isCloseTo(p.descriptor()[k], within((float) TOLERANCE));
      }
    }
  }

  @Test
  void pairwiseDistancesMatchFaceApi() {
    int n = ours.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double theirs =
            Embedding.distance(
                golden.pictures().get(i).descriptor(), golden.pictures().get(j).descriptor());
        assertThat(Embedding.distance(ours[i], ours[j]))
            .as(golden.pictures().get(i).file() + " vs " + golden.pictures().get(j).file())
            .isCloseTo(theirs, within(TOLERANCE));
      }
    }
  }

  /** SHA-256 of the picture's RGB bytes row by row, as the Node script hashes them. */
  static String rgbSha256(BufferedImage img) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      int w = img.getWidth();
      byte[] row = new byte[w * 3];
      int[] argb = new int[w];
      for (int y = 0; y < img.getHeight(); y++) {
        img.getRGB(0, y, w, 1, argb, 0, w);
        for (int x = 0; x < w; x++) {
          row[3 * x] = (byte) (argb[x] >> 16);
          row[3 * x + 1] = (byte) (argb[x] >> 8);
          row[3 * x + 2] = (byte) argb[x];
        }
        md.update(row);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
