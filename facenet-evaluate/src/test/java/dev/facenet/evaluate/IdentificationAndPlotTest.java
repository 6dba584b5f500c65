package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.FaceNetException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identification figures on hand-placed encodings (like the distance lists of {@link MetricsTest},
 * the answer is worked out by hand), and the ROC plot file.
 */
class IdentificationAndPlotTest {
  @TempDir Path tmp;

  /*
   * Three people of ORL's layout (s1, s2, s3; pictures 1.pgm first), encodings placed on a line:
   *   s1: 1.pgm at 0.0, 2.pgm at 0.1, 3.pgm at 0.9  (3.pgm is nearer s2's gallery picture at 1.0)
   *   s2: 1.pgm at 1.0, 2.pgm at 1.2
   *   s3: 1.pgm at 3.0, 2.pgm at 3.3
   * Closed set, gallery = 1.pgm of each: probes s1/2 (0.1 -> s1 right), s1/3 (0.9 -> s2 wrong),
   * s2/2 (1.2 -> s2 right), s3/2 (3.3 -> s3 right): rank-1 = 3/4.
   * Open set with one person left out: seed 5 picks s2 (java.util.Random is specified, so on every JVM).
   * Gallery s1 (0.0), s3 (3.0). s2's pictures are 1.0 and 1.2 from s1, their nearest: at threshold 0.5 both
   * rejected (2/2). Known probes: s1/2 (0.1 from s1: recognised), s1/3 (0.9 from s1: over 0.5, not recognised),
   * s3/2 (0.3 from s3: recognised): 2/3. At threshold 1.1: s2/1.pgm (1.0) is taken for s1, s2/2.pgm (1.2) is
   * rejected: 1/2; and all three known probes are recognised.
   */
  @Test
  void rankOneAndOpenSetRejectionOnHandPlacedEncodings() throws Exception {
    Path root = tmp.resolve("three");
    Map<Path, EncodedPicture> enc = new LinkedHashMap<>();
    Object[][] placed = {
      {"s1", "1.pgm", 0.0},
      {"s1", "2.pgm", 0.1},
      {"s1", "3.pgm", 0.9},
      {"s2", "1.pgm", 1.0},
      {"s2", "2.pgm", 1.2},
      {"s3", "1.pgm", 3.0},
      {"s3", "2.pgm", 3.3}
    };
    for (Object[] p : placed) {
      Path f = root.resolve((String) p[0]).resolve((String) p[1]);
      Files.createDirectories(f.getParent());
      Files.copy(Fixtures.orl().resolve(p[0] + "/" + p[1]), f);
      enc.put(
          f,
          new EncodedPicture(
              new Embedding("hand", Crops.WHOLE_IMAGE, new float[] {(float) (double) p[2], 0f}),
              true));
    }
    Dataset d = Dataset.scan(root);
    EncodingTable table = EncodingTable.of(enc);
    IdentificationReport r = Evaluator.identify(d, table, 0.5, 1, 5);
    assertThat(r.probes()).isEqualTo(4);
    assertThat(r.rank1Correct()).isEqualTo(3);
    assertThat(r.rank1()).isEqualTo(0.75);
    assertThat(r.leftOut()).containsExactly("s2");
    assertThat(r.unknownProbes()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(2);
    assertThat(r.rejectionRate()).isEqualTo(1.0);
    assertThat(r.knownProbes()).isEqualTo(3);
    assertThat(r.knownAccepted()).isEqualTo(2);
    IdentificationReport wide = Evaluator.identify(d, table, 1.1, 1, 5);
    assertThat(wide.rejectionRate()).isEqualTo(0.5);
    assertThat(wide.openSetAccuracy()).isEqualTo(1.0);
    assertThatThrownBy(() -> Evaluator.identify(d, table, 0.5, 3, 5))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("at most 2");
  }

  @Test
  void rocPlotIsAPngWithTheCurveAndTheMarkedThreshold() throws Exception {
    List<ScoredPair> pairs = new java.util.ArrayList<>();
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < 500; i++) {
      pairs.add(ScoredPair.same(Math.abs(0.4 + 0.1 * rnd.nextGaussian())));
      pairs.add(ScoredPair.different(Math.abs(0.8 + 0.1 * rnd.nextGaussian())));
    }
    Roc roc = Roc.of(pairs);
    RocPoint chosen = roc.at(Verifier.bestThreshold(pairs).threshold());
    Path png = tmp.resolve("roc.png");
    RocPlot.write(roc, chosen, "ROC test", png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(960);
    assertThat(img.getHeight()).isEqualTo(720);
    int blue = 0;
    int red = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        blue += b > 150 && r < 80 && g < 130 ? 1 : 0;
        red += r > 180 && g < 80 && b < 80 ? 1 : 0;
      }
    }
    assertThat(blue).as("curve pixels").isGreaterThan(500);
    assertThat(red).as("threshold mark pixels").isGreaterThan(40);
    assertThat(RocPlot.percent(0.001)).isEqualTo("0.1%");
    assertThat(RocPlot.percent(0.98765)).isEqualTo("98.77%");
  }
}
