package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.FaceNet;
import dev.facenet.gallery.SqliteGallery;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate and calibrate end to end with the pretrained ResNet on six people of ORL (60 real pictures, whole
 * pictures as faces with --whole-image, kept small so the test is quick): the JSON of issue 5, the ROC plot, the text report, and
 * a calibrated threshold that the facade then uses.
 */
class EvaluationWithResnetTest {
  @TempDir static Path shared;
  @TempDir Path tmp;

  /** ORL's s1 to s6, copied into a folder of their own. */
  private static Path six() throws Exception {
    Path root = shared.resolve("orl6");
    if (!Files.isDirectory(root)) {
      for (int i = 1; i <= 6; i++) {
        Path dir = Files.createDirectories(root.resolve("s" + i));
        for (int k = 1; k <= 10; k++) {
          Files.copy(EvaluationCommandsTest.orl().resolve("s" + i + "/" + k + ".pgm"), dir.resolve(k + ".pgm"));
        }
      }
    }
    return root;
  }

  @Test
  void evaluatePairsFilePrintsTheJsonOfTheIssue() throws Exception {
    Path pairs = tmp.resolve("orl6.txt");
    assertThat(EvaluationCommandsTest.run("pairs", "--dataset", six(), "--out", pairs, "--folds", 3).code()).isZero();
    Path png = tmp.resolve("roc.png");
    EvaluationCommandsTest.Run r = EvaluationCommandsTest.run("evaluate", "--whole-image", "--pairs", pairs, "--images", six(),
        "--json", "--roc", png);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(j.keySet()).containsExactly("accuracy", "std", "threshold", "auc", "eer", "tar_at_far", "pairs", "no_face");
    assertThat(j.getAsJsonObject("tar_at_far").keySet()).containsExactly("0.001", "0.01");
    assertThat(j.get("accuracy").getAsDouble()).isBetween(0.5, 1.0);
    assertThat(j.get("auc").getAsDouble()).isBetween(0.5, 1.0);
    assertThat(j.get("no_face").getAsInt()).isZero();
    assertThat(j.get("pairs").getAsInt()).isEqualTo(PairsCount.of(pairs));
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(960);
  }

  @Test
  void evaluateDatasetAddsIdentificationAndTextOutputIsReadable() throws Exception {
    EvaluationCommandsTest.Run r = EvaluationCommandsTest.run("evaluate", "--whole-image", "--dataset", six());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("accuracy", "threshold", "AUC", "EER", "TAR", "rank-1", "open set", "pictures/s");
    assertThat(r.out()).contains("60 pictures encoded", "540 pairs in 10 folds of 27 + 27");
  }

  @Test
  void calibrateStoresTheThresholdThatVerifyThenUses() throws Exception {
    Path db = tmp.resolve("people.db");
    EvaluationCommandsTest.Run r = EvaluationCommandsTest.run("calibrate", "--whole-image", "--db", db, "--dataset", six(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    double t = j.get("threshold").getAsDouble();
    assertThat(j.get("previous").isJsonNull()).isTrue();
    try (FaceNet faces = FaceNet.builder().gallery(db).wholeImage(true).build()) {
      assertThat(faces.threshold()).isEqualTo(t);
    }
    // The same seed in another process-like run (a new encoder) gives exactly the threshold evaluate reports.
    EvaluationCommandsTest.Run e = EvaluationCommandsTest.run("evaluate", "--whole-image", "--dataset", six(), "--json");
    assertThat(e.code()).as(e.toString()).isZero();
    JsonObject ej = JsonParser.parseString(e.out()).getAsJsonObject();
    assertThat(ej.get("threshold").getAsDouble()).isEqualTo(t);
    assertThat(ej.get("accuracy").getAsDouble()).isEqualTo(j.get("accuracy").getAsDouble());
    assertThat(ej.getAsJsonObject("identification").keySet())
        .containsExactly("rank1", "probes", "left_out", "rejected", "open_set_accuracy");
    // A threshold for a target FAR replaces the stored one and keeps to that FAR on these pairs.
    EvaluationCommandsTest.Run strict = EvaluationCommandsTest.run("calibrate", "--whole-image", "--db", db, "--dataset", six(),
        "--far", 0.001, "--json");
    assertThat(strict.code()).as(strict.toString()).isZero();
    JsonObject s = JsonParser.parseString(strict.out()).getAsJsonObject();
    assertThat(s.get("previous").getAsDouble()).isEqualTo(t);
    assertThat(s.get("far").getAsDouble()).isLessThanOrEqualTo(0.001);
    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      assertThat(g.threshold("resnet", "whole-image").getAsDouble()).isEqualTo(s.get("threshold").getAsDouble());
    }
  }

  /** Pair lines of a pairs file: every non-blank line after the header. */
  static final class PairsCount {
    static int of(Path file) throws Exception {
      List<String> lines = Files.readAllLines(file);
      return (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
    }
  }
}
