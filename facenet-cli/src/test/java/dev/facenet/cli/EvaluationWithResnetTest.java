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
 * evaluate and calibrate end to end with the pretrained ResNet on six people of ORL (60 real
 * pictures, whole pictures as faces with --whole-image, kept small so the test is quick): the JSON
 * of the evaluation, the ROC plot, the text report, and a calibrated threshold that the facade then
 * uses.
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
          Files.copy(
              EvaluationCommandsTest.orl().resolve("s" + i + "/" + k + ".pgm"),
              dir.resolve(k + ".pgm"));
        }
      }
    }
    return root;
  }

  @Test
  void evaluatePairsFilePrintsTheJsonOfTheIssue() throws Exception {
    Path pairs = tmp.resolve("orl6.txt");
    assertThat(
            EvaluationCommandsTest.run("pairs", "--dataset", six(), "--out", pairs, "--folds", 3)
                .code())
        .isZero();
    Path png = tmp.resolve("roc.png");
    EvaluationCommandsTest.Run r =
        EvaluationCommandsTest.run(
            "evaluate",
            "--whole-image",
            "--pairs",
            pairs,
            "--images",
            six(),
            "--json",
            "--roc",
            png);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(j.keySet())
        .containsExactly(
            "accuracy", "std", "threshold", "auc", "eer", "tar_at_far", "pairs", "no_face");
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
    EvaluationCommandsTest.Run r =
        EvaluationCommandsTest.run("evaluate", "--whole-image", "--dataset", six());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("accuracy", "threshold", "AUC", "EER", "TAR", "rank-1", "left out", "pictures/s");
    // Six people: 3 enrolled, 3 strangers; 60 pictures, 30 of them strangers' per split, so 67
    // splits for 2000 non-mated searches; 3 x 9 mated searches per split.
    assertThat(r.out())
        .contains(
            "  open set   NIST-style: 3 people enrolled (first picture), 3 strangers, 67 splits:"
                + " 1809 mated and 2010 non-mated searches")
        .containsPattern("FNIR \\d+\\.\\d\\d% at FPIR 1\\.00% \\(threshold ")
        .containsPattern("FNIR \\d+\\.\\d\\d% at FPIR 0\\.10% \\(threshold ")
        .containsPattern("at 0\\.6000 margin 0\\.03: \\d+ right, \\d+ wrong");
    assertThat(r.out()).contains("60 pictures encoded", "540 pairs in 10 folds of 27 + 27");
    assertThat(r.out())
        .containsPattern("  spread     the encodings use about \\d+\\.\\d dimensions\n")
        .containsPattern(
            "  split      same-person pairs called different at the threshold: (none|s[1-6] \\d+ of 45)");
  }

  @Test
  void calibrateStoresTheThresholdThatVerifyThenUses() throws Exception {
    Path db = tmp.resolve("people.db");
    EvaluationCommandsTest.Run r =
        EvaluationCommandsTest.run(
            "calibrate", "--whole-image", "--db", db, "--dataset", six(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    double t = j.get("threshold").getAsDouble();
    assertThat(j.get("previous").isJsonNull()).isTrue();
    try (FaceNet faces = FaceNet.builder().gallery(db).wholeImage(true).build()) {
      assertThat(faces.threshold()).isEqualTo(t);
    }
    // The same seed in another process-like run (a new encoder) gives exactly the threshold
    // evaluate reports.
    EvaluationCommandsTest.Run e =
        EvaluationCommandsTest.run("evaluate", "--whole-image", "--dataset", six(), "--json");
    assertThat(e.code()).as(e.toString()).isZero();
    JsonObject ej = JsonParser.parseString(e.out()).getAsJsonObject();
    assertThat(ej.get("threshold").getAsDouble()).isEqualTo(t);
    assertThat(ej.get("accuracy").getAsDouble()).isEqualTo(j.get("accuracy").getAsDouble());
    assertThat(ej.getAsJsonObject("identification").keySet())
        .containsExactly("rank1", "probes", "left_out", "rejected", "open_set_accuracy");
    JsonObject open = ej.getAsJsonObject("open_set");
    assertThat(open.keySet())
        .containsExactly(
            "enrolled_people",
            "strangers",
            "splits",
            "mated_searches",
            "non_mated_searches",
            "fnir_at_fpir",
            "margin",
            "decisions");
    assertThat(open.get("mated_searches").getAsInt()).isEqualTo(1809);
    assertThat(open.getAsJsonArray("fnir_at_fpir")).hasSize(2);
    JsonObject atOnePercent = open.getAsJsonArray("fnir_at_fpir").get(0).getAsJsonObject();
    assertThat(atOnePercent.get("fpir").getAsDouble()).isBetween(0.0, 0.01);
    assertThat(atOnePercent.get("fnir").getAsDouble()).isBetween(0.0, 1.0);
    // at the chosen threshold and at the default 0.6; each decision counts every search once
    assertThat(open.getAsJsonArray("decisions")).hasSize(2);
    for (var d : open.getAsJsonArray("decisions")) {
      JsonObject plain = d.getAsJsonObject().getAsJsonObject("without_margin");
      assertThat(
              plain.get("right").getAsInt()
                  + plain.get("wrong").getAsInt()
                  + plain.get("rejected").getAsInt()
                  + plain.get("ambiguous").getAsInt())
          .isEqualTo(1809);
      assertThat(plain.get("ambiguous").getAsInt()).isZero();
    }
    // The diagnosis: six people of ten pictures, so 45 same-person pairs each; only people with a
    // rejected one.
    JsonObject diagnosis = ej.getAsJsonObject("diagnosis");
    assertThat(diagnosis.get("effective_dimensions").getAsDouble()).isBetween(1.0, 128.0);
    diagnosis
        .getAsJsonArray("rejected_same_person_pairs")
        .forEach(
            p -> {
              JsonObject person = p.getAsJsonObject();
              assertThat(person.get("person").getAsString()).matches("s[1-6]");
              assertThat(person.get("pairs").getAsInt()).isEqualTo(45);
              assertThat(person.get("rejected").getAsInt()).isBetween(1, 45);
            });
    // A threshold for a target FAR replaces the stored one and keeps to that FAR on these pairs.
    EvaluationCommandsTest.Run strict =
        EvaluationCommandsTest.run(
            "calibrate", "--whole-image", "--db", db, "--dataset", six(), "--far", 0.001, "--json");
    assertThat(strict.code()).as(strict.toString()).isZero();
    JsonObject s = JsonParser.parseString(strict.out()).getAsJsonObject();
    assertThat(s.get("previous").getAsDouble()).isEqualTo(t);
    assertThat(s.get("far").getAsDouble()).isLessThanOrEqualTo(0.001);
    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      assertThat(g.threshold("resnet", "whole-image").getAsDouble())
          .isEqualTo(s.get("threshold").getAsDouble());
    }
  }

  /**
   * Yale's subject01 to subject05 (55 real photos with background), copied into a folder of their
   * own.
   */
  private static Path yaleFive() throws Exception {
    Path root = shared.resolve("yale5");
    if (!Files.isDirectory(root)) {
      for (int i = 1; i <= 5; i++) {
        String person = "subject0" + i;
        Path dir = Files.createDirectories(root.resolve(person));
        try (var pictures =
            Files.list(EvaluationCommandsTest.shared().resolve("fixtures/yale").resolve(person))) {
          for (Path p : pictures.toList()) {
            Files.copy(p, dir.resolve(p.getFileName().toString()));
          }
        }
      }
    }
    return root;
  }

  @Test
  void calibrateOnTheDefaultPipelineIsTheThresholdVerifyUses() throws Exception {
    Path db = tmp.resolve("yale.db");
    EvaluationCommandsTest.Run r =
        EvaluationCommandsTest.run("calibrate", "--db", db, "--dataset", yaleFive(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(j.get("model").getAsString()).isEqualTo("resnet");
    assertThat(j.get("crop").getAsString())
        .isEqualTo("dlib-chip-150"); // detected, aligned: the default
    double t = j.get("threshold").getAsDouble();
    assertThat(t).isBetween(0.3, 0.8).isNotEqualTo(FaceNet.DEFAULT_THRESHOLD);
    assertThat(j.get("accuracy").getAsDouble()).isGreaterThan(0.9);
    try (SqliteGallery g = SqliteGallery.openExisting(db)) {
      assertThat(g.threshold("resnet", "dlib-chip-150").getAsDouble()).isEqualTo(t);
      assertThat(g.threshold("resnet", "whole-image")).isEmpty(); // a threshold belongs to its crop
    }

    Path yale = yaleFive().resolve("subject01");
    assertThat(
            EvaluationCommandsTest.run(
                    "enroll", "--db", db, "--name", "subject01", yale.resolve("normal.gif"))
                .code())
        .isZero();
    EvaluationCommandsTest.Run same =
        EvaluationCommandsTest.run(
            "verify", "--db", db, "--name", "subject01", yale.resolve("happy.gif"), "--json");
    assertThat(same.code()).as(same.toString()).isZero();
    JsonObject sj = JsonParser.parseString(same.out()).getAsJsonObject();
    assertThat(sj.get("threshold").getAsDouble()).isEqualTo(t); // the calibrated threshold, not 0.6
    assertThat(sj.get("match").getAsBoolean()).isTrue();
    assertThat(sj.get("distance").getAsDouble()).isLessThan(t);
    EvaluationCommandsTest.Run other =
        EvaluationCommandsTest.run(
            "verify",
            "--db",
            db,
            "--name",
            "subject01",
            yaleFive().resolve("subject02/happy.gif"),
            "--json");
    assertThat(other.code()).as(other.toString()).isEqualTo(1);
    JsonObject oj = JsonParser.parseString(other.out()).getAsJsonObject();
    assertThat(oj.get("threshold").getAsDouble()).isEqualTo(t);
    assertThat(oj.get("distance").getAsDouble()).isGreaterThanOrEqualTo(t);
    // A threshold given on the command line still wins over the calibrated one.
    EvaluationCommandsTest.Run given =
        EvaluationCommandsTest.run(
            "verify",
            "--db",
            db,
            "--name",
            "subject01",
            yale.resolve("happy.gif"),
            "--threshold",
            0.01,
            "--json");
    assertThat(given.code()).as(given.toString()).isEqualTo(1);
    assertThat(JsonParser.parseString(given.out()).getAsJsonObject().get("threshold").getAsDouble())
        .isEqualTo(0.01);
  }

  /** Pair lines of a pairs file: every non-blank line after the header. */
  static final class PairsCount {
    static int of(Path file) throws Exception {
      List<String> lines = Files.readAllLines(file);
      return (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
    }
  }
}
