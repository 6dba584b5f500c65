package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facenet train} turns bad input into exit code 2 and one line, before any training. */
class TrainCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anEmptyFolderIsExitCode2WithOneLine() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Run r = run("--data", empty.toString(), "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("facenet: ")
        .contains("empty dataset")
        .doesNotContain("\n");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aFolderWithOnePersonIsExitCode2() throws IOException {
    Path one = Files.createDirectories(tmp.resolve("one/s1"));
    Path orl =
        Path.of(System.getProperty("facenet.shared", "../../shared")).resolve("fixtures/orl/s1");
    for (int i = 1; i <= 3; i++) {
      Files.copy(orl.resolve(i + ".pgm"), one.resolve(i + ".pgm"));
    }
    Run r = run("--data", tmp.resolve("one").toString(), "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("at least 2 people").contains("found 1");
  }

  @Test
  void badOptionsAreExitCode2() {
    assertThat(run("--data", tmp.toString(), "--out", tmp.toString(), "--mining", "hardest").err())
        .contains("unknown mining");
    assertThat(run("--data", tmp.toString(), "--out", tmp.toString(), "--epochs", "0").code())
        .isEqualTo(2);
    assertThat(run("--data", tmp.toString(), "--out", tmp.toString(), "--model", "nope").err())
        .contains("cannot train");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.toString(),
                    "--init",
                    tmp.resolve("missing").toString())
                .err())
        .contains("no such nn4-small2 weights folder");
    assertThat(run("--data", tmp.toString(), "--out", tmp.toString(), "--crop", "square").err())
        .contains("unknown --crop");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.toString(),
                    "--model",
                    "resnet",
                    "--init",
                    "random")
                .err())
        .contains("fine-tuned, not trained from scratch");
    Run freeze =
        run("--data", tmp.toString(), "--out", tmp.resolve("f").toString(), "--freeze", "4b");
    assertThat(freeze.code()).isEqualTo(2);
    assertThat(freeze.err().strip())
        .isEqualTo(
            "facenet: --freeze 4b: nn4-small2 has no such stage (its stages: stem, 3a, 3b, 3c, 4a, 4e, 5a, 5b, head)");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.resolve("f").toString(),
                    "--model",
                    "resnet",
                    "--freeze",
                    "fc")
                .err())
        .contains("--freeze fc: that is the last stage");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.resolve("f").toString(),
                    "--teacher",
                    "nn4-small2")
                .err()
                .strip())
        .isEqualTo(
            "facenet: unknown --teacher 'nn4-small2' (none, or resnet: the pretrained encoder that ships with facenet)");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.resolve("f").toString(),
                    "--teacher",
                    "resnet",
                    "--teacher-weight",
                    "0")
                .err())
        .contains("--teacher-weight must be a positive number, not 0.0");
    assertThat(
            run(
                    "--data",
                    tmp.toString(),
                    "--out",
                    tmp.resolve("f").toString(),
                    "--teacher-weight",
                    "3")
                .err())
        .contains("--teacher-weight needs a --teacher");
    assertThat(tmp.resolve("f")).doesNotExist();
  }

  @Test
  void aTeacherIsNamedInTheSummaryAndTheModelCard() throws IOException {
    Path data = orlPeople(4, 4);
    Path out = tmp.resolve("taught");
    java.io.PrintStream stderr = System.err;
    System.setErr(
        new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true)); // progress lines
    Run r;
    try {
      r =
          run(
              "--data",
              data.toString(),
              "--crop",
              "whole",
              "--epochs",
              "1",
              "--identities-per-batch",
              "2",
              "--images-per-identity",
              "4",
              "--val-people",
              "s3,s4",
              "--teacher",
              "resnet",
              "--teacher-weight",
              "4",
              "--json",
              "--out",
              out.toString());
    } finally {
      System.setErr(stderr);
    }
    assertThat(r.code()).as(r.err()).isZero();
    com.google.gson.JsonObject card =
        com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(card.getAsJsonObject("teacher").get("model").getAsString()).isEqualTo("resnet");
    assertThat(card.getAsJsonObject("teacher").get("weight").getAsFloat()).isEqualTo(4f);
    assertThat(out.resolve("teacher-chips.bin")).isRegularFile();
    assertThat(out.resolve("weights")).isDirectory();
  }

  /** ORL people s1..s{people}, pictures 1..{pictures} each, copied under tmp/data. */
  private Path orlPeople(int people, int pictures) throws IOException {
    Path orl =
        Path.of(System.getProperty("facenet.shared", "../../shared")).resolve("fixtures/orl");
    for (int s = 1; s <= people; s++) {
      Path to = Files.createDirectories(tmp.resolve("data/s" + s));
      for (int i = 1; i <= pictures; i++) {
        Files.copy(orl.resolve("s" + s + "/" + i + ".pgm"), to.resolve(i + ".pgm"));
      }
    }
    return tmp.resolve("data");
  }

  @Test
  void twoRunsSharingAChipCacheCutTheChipsOnce() throws IOException {
    orlPeople(4, 4);
    Path cache = tmp.resolve("shared/chips.bin");
    String[] common = {
      "--data",
      tmp.resolve("data").toString(),
      "--crop",
      "whole",
      "--epochs",
      "1",
      "--identities-per-batch",
      "2",
      "--images-per-identity",
      "4",
      "--val-people",
      "s3,s4",
      "--chip-cache",
      cache.toString(),
      "--out"
    };
    // The progress lines go to the process's stderr, not to the command's error writer.
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
    Run first;
    Run second;
    byte[] cached;
    System.setErr(new java.io.PrintStream(progress, true));
    try {
      first = run(concat(common, tmp.resolve("a").toString()));
      cached = Files.readAllBytes(cache);
      second = run(concat(common, tmp.resolve("b").toString()));
    } finally {
      System.setErr(stderr);
    }
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(first.out())
        .containsPattern(
            "held-out encodings spread over about \\d+\\.\\d dimensions; "
                + "same-person pairs called different: (none|s[34] \\d of 6)");
    assertThat(progress.toString())
        .contains("chips (whole-image): 0 read from " + cache + ", 16 cut")
        .contains("chips (whole-image): 16 read from " + cache + ", 0 cut");
    assertThat(Files.readAllBytes(cache)).isEqualTo(cached);
    assertThat(tmp.resolve("a/chips.bin")).doesNotExist();
  }

  private static String[] concat(String[] a, String last) {
    String[] all = java.util.Arrays.copyOf(a, a.length + 1);
    all[a.length] = last;
    return all;
  }

  @Test
  void heldOutRangesExpand() {
    assertThat(TrainCommand.expand(List.of("s31..s33", "bob")))
        .containsExactly("s31", "s32", "s33", "bob");
  }
}
