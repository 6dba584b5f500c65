package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.evaluate.Pairs;
import dev.facenet.evaluate.PairsFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pairs, evaluate and calibrate on the command line: output, and exit code 2 with one line for bad
 * input.
 */
class EvaluationCommandsTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }
  }

  /** Runs {@code facenet COMMAND ARGS...} in this process, as the launcher does. */
  static Run run(String command, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Result r = Cli.run(all);
    return new Run(r.code(), r.out(), r.err());
  }

  static Path shared() {
    return Path.of(System.getProperty("facenet.shared")).toAbsolutePath().normalize();
  }

  static Path orl() {
    return shared().resolve("fixtures/orl");
  }

  @Test
  void pairsWritesAnOrlProtocolThatReadsBack() throws Exception {
    Path out = tmp.resolve("orl.txt");
    Run r =
        run("pairs", "--dataset", orl(), "--out", out, "--folds", 5, "--per-fold", 40, "--seed", 3);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Wrote 400 pairs (5 folds of 40 same-person + 40 different-person) of 40 people");
    assertThat(r.out()).contains("Each fold has people of its own.");
    Pairs p = PairsFormat.read(out, orl());
    assertThat(p.folds()).isEqualTo(5);
    assertThat(p.size()).isEqualTo(400);
    assertThat(Files.readString(out)).startsWith("5\t40\n").contains(".pgm");
    // Same seed, same file.
    Path again = tmp.resolve("again.txt");
    run("pairs", "--dataset", orl(), "--out", again, "--folds", 5, "--per-fold", 40, "--seed", 3);
    assertThat(Files.readString(again)).isEqualTo(Files.readString(out));
  }

  @Test
  void picturesAPairsFileCannotNameAreLeftOutAndSaidSo() throws Exception {
    Path d = tmp.resolve("spaces");
    for (String person : new String[] {"s1", "s2", "s 3"}) {
      Path folder = Files.createDirectories(d.resolve(person));
      for (int k = 1; k <= 3; k++) {
        Files.copy(orl().resolve("s1/" + k + ".pgm"), folder.resolve(k + ".pgm"));
      }
    }
    Files.copy(orl().resolve("s1/4.pgm"), d.resolve("s1/IMG 4.pgm"));
    Path out = tmp.resolve("spaces.txt");
    Run r = run("pairs", "--dataset", d, "--out", out, "--folds", 2);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("of 2 people");
    assertThat(r.err())
        .contains("left out " + d.resolve("s1/IMG 4.pgm"), "left out " + d.resolve("s 3/1.pgm"));
    assertThat(Files.readString(out)).doesNotContain("IMG", "s 3");
    assertThat(PairsFormat.read(out, d).size()).isPositive();
  }

  @Test
  void pairsJson() {
    Path out = tmp.resolve("yale.txt");
    Run r = run("pairs", "--dataset", shared().resolve("fixtures/yale"), "--out", out, "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(j.get("folds").getAsInt()).isEqualTo(10);
    assertThat(j.get("people").getAsInt()).isEqualTo(15);
    assertThat(j.get("disjoint_people").getAsBoolean()).isFalse();
    assertThat(j.get("pairs").getAsInt()).isEqualTo(20 * j.get("per_fold").getAsInt());
  }

  @Test
  void badDatasetsAreOneLineAndExitCode2() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path one = Files.createDirectories(tmp.resolve("one/s1"));
    Files.copy(orl().resolve("s1/1.pgm"), one.resolve("1.pgm"));
    Files.copy(orl().resolve("s1/2.pgm"), one.resolve("2.pgm"));
    Path out = tmp.resolve("p.txt");
    for (String command : new String[] {"pairs", "evaluate", "calibrate"}) {
      String[] extra =
          command.equals("pairs")
              ? new String[] {"--out", out.toString()}
              : command.equals("calibrate")
                  ? new String[] {"--db", tmp.resolve("g.db").toString()}
                  : new String[0];
      Run e = run(command, concat(extra, "--dataset", empty.toString()));
      assertThat(e.code()).as(e.toString()).isEqualTo(2);
      assertThat(e.errLines())
          .containsExactly(
              "facenet: "
                  + empty
                  + ": empty dataset (expected one sub-folder of pictures per person)");
      Run o = run(command, concat(extra, "--dataset", tmp.resolve("one").toString()));
      assertThat(o.code()).as(o.toString()).isEqualTo(2);
      assertThat(o.errLines()).hasSize(1);
      assertThat(o.errLines().get(0)).contains("a dataset of one person (s1)");
    }
    assertThat(out).doesNotExist();
    assertThat(tmp.resolve("g.db")).doesNotExist();
  }

  @Test
  void badPairsFilesAreOneLineNamingFileAndLine() throws Exception {
    Path header = tmp.resolve("header.txt");
    Files.writeString(header, "FOLDS 300\ns1 1.pgm 2.pgm\ns1 1.pgm s2 1.pgm\n");
    Run h = run("evaluate", "--pairs", header, "--images", orl());
    assertThat(h.code()).isEqualTo(2);
    assertThat(h.errLines())
        .containsExactly(
            "facenet: "
                + header
                + " line 1: the header must be 'FOLDS N' (two positive numbers, e.g. '10 300'), found 'FOLDS 300'");
    Path missing = tmp.resolve("missing.txt");
    Files.writeString(missing, "1 1\ns1 1.pgm 11.pgm\ns1 1.pgm s2 1.pgm\n");
    Run m = run("calibrate", "--db", tmp.resolve("g.db"), "--pairs", missing, "--images", orl());
    assertThat(m.code()).isEqualTo(2);
    assertThat(m.errLines())
        .containsExactly(
            "facenet: " + missing + " line 2: no picture " + orl().resolve("s1/11.pgm"));
    assertThat(tmp.resolve("g.db")).doesNotExist();
  }

  @Test
  void wrongFlagCombinationsAreRefused() {
    Run noImages = run("evaluate", "--pairs", "x.txt");
    assertThat(noImages.code()).isEqualTo(2);
    assertThat(noImages.errLines()).hasSize(1);
    assertThat(noImages.errLines().get(0))
        .contains("--images")
        .endsWith("(see: facenet evaluate --help)");
    assertThat(run("evaluate", "--dataset", orl(), "--pairs", "x", "--images", orl()).code())
        .isEqualTo(2);
    assertThat(run("evaluate").code()).isEqualTo(2);
    Run shrinkPairs = run("evaluate", "--pairs", "x.txt", "--images", orl(), "--face-width", 32);
    assertThat(shrinkPairs.code()).isEqualTo(2);
    Run tooNarrow = run("evaluate", "--dataset", orl(), "--face-width", 4);
    assertThat(tooNarrow.code()).isEqualTo(2);
    assertThat(tooNarrow.errLines())
        .containsExactly("facenet: --face-width 4: faces narrower than 8 px cannot be found");
    Run far = run("calibrate", "--db", tmp.resolve("g.db"), "--dataset", orl(), "--far", 2);
    assertThat(far.code()).isEqualTo(2);
    assertThat(far.errLines())
        .containsExactly(
            "facenet: --far must be a rate between 0 and 1 (e.g. 0.001 for 0.1%), got 2.0");
    Run many = run("pairs", "--dataset", orl(), "--out", tmp.resolve("p.txt"), "--per-fold", 1000);
    assertThat(many.code()).isEqualTo(2);
    assertThat(many.errLines()).hasSize(1);
    assertThat(many.errLines().get(0))
        .contains("give at most 180 pairs of each kind per fold in 10 folds, not 1000");
  }

  @Test
  void helpOnEachCommand() {
    for (String c : new String[] {"evaluate", "pairs", "calibrate"}) {
      Run h = run(c, "--help");
      assertThat(h.code()).isZero();
      assertThat(h.out())
          .startsWith("Usage: facenet " + c)
          .contains("--seed=S")
          .doesNotContain("%n");
      assertThat(h.err()).isEmpty();
    }
    assertThat(run("--help").out()).contains("evaluate", "pairs", "calibrate");
  }

  private static Object[] concat(String[] a, String... b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
