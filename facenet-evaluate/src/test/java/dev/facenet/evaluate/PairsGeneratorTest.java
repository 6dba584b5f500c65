package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairs made for folder-per-person datasets: counts, no repeats, determinism, ORL's names, bad
 * datasets.
 */
class PairsGeneratorTest {
  @TempDir Path tmp;

  @Test
  void scansOrlInNaturalOrder() {
    Dataset orl = Dataset.scan(Fixtures.orl());
    assertThat(orl.people()).hasSize(40);
    assertThat(orl.people().get(0).name()).isEqualTo("s1");
    assertThat(orl.people().get(1).name()).isEqualTo("s2");
    assertThat(orl.people().get(39).name()).isEqualTo("s40");
    assertThat(orl.people().get(0).pictures())
        .extracting(Picture::file)
        .containsExactly(
            "1.pgm", "2.pgm", "3.pgm", "4.pgm", "5.pgm", "6.pgm", "7.pgm", "8.pgm", "9.pgm",
            "10.pgm");
    assertThat(orl.size()).isEqualTo(400); // README.orig at the top is not a person
  }

  @Test
  void orlFoldsHaveTheirOwnPeopleAndTheRightCounts() {
    Dataset orl = Dataset.scan(Fixtures.orl());
    PairsGenerator.Result r = PairsGenerator.generate(orl, 10, 0, 42);
    Pairs p = r.pairs();
    // 4 people per fold: 4 x C(10,2) = 180 same-person pairs available, 6 x 100 = 600 different
    // ones.
    assertThat(r.disjointPeople()).isTrue();
    assertThat(p.folds()).isEqualTo(10);
    assertThat(p.perFold()).isEqualTo(180);
    assertThat(p.size()).isEqualTo(3600);
    Set<String> seenPeople = new HashSet<>();
    for (int k = 0; k < 10; k++) {
      List<ImagePair> fold = p.fold(k);
      assertThat(fold.stream().filter(ImagePair::same).count()).isEqualTo(180);
      assertThat(fold.stream().filter(x -> !x.same()).count()).isEqualTo(180);
      Set<String> people = new HashSet<>();
      for (ImagePair x : fold) {
        people.add(x.first().person());
        people.add(x.second().person());
        assertThat(x.first().person().equals(x.second().person())).isEqualTo(x.same());
        assertThat(x.first().path()).isNotEqualTo(x.second().path());
      }
      assertThat(people).hasSize(4);
      assertThat(java.util.Collections.disjoint(people, seenPeople))
          .as("fold %d shares people", k)
          .isTrue();
      seenPeople.addAll(people);
    }
    assertNoRepeats(p);
  }

  @Test
  void sameSeedSameFileOtherSeedOtherFile() {
    Dataset orl = Dataset.scan(Fixtures.orl());
    String a = PairsFormat.format(PairsGenerator.generate(orl, 10, 50, 7).pairs());
    String b =
        PairsFormat.format(
            PairsGenerator.generate(Dataset.scan(Fixtures.orl()), 10, 50, 7).pairs());
    String c = PairsFormat.format(PairsGenerator.generate(orl, 10, 50, 8).pairs());
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    // The first lines of seed 7, pinned: java.util.Random is specified, so this holds on every JVM.
    assertThat(a.lines().limit(3))
        .containsExactly("10\t50", "s14\t4.pgm\t6.pgm", "s7\t2.pgm\t3.pgm");
  }

  @Test
  void yaleHasTooFewPeopleForTenFoldsOfTheirOwnSoPairsAreDealtOut() {
    Dataset yale = Dataset.scan(Fixtures.yale());
    assertThat(yale.people()).hasSize(15);
    PairsGenerator.Result r = PairsGenerator.generate(yale, 10, 0, 42);
    assertThat(r.disjointPeople()).isFalse();
    long same = PairsGenerator.samePairs(yale.people());
    assertThat(r.pairs().perFold()).isEqualTo((int) Math.min(300, same / 10));
    assertThat(r.pairs().size()).isEqualTo(20 * r.pairs().perFold());
    for (ImagePair x : r.pairs().pairs()) {
      assertThat(x.first().person().equals(x.second().person())).isEqualTo(x.same());
    }
    assertNoRepeats(r.pairs());
    // With 5 folds there are 3 people per fold: folds of their own again.
    assertThat(PairsGenerator.generate(yale, 5, 0, 42).disjointPeople()).isTrue();
  }

  @Test
  void orlFileNamesAreWrittenAndReadBack() {
    Dataset orl = Dataset.scan(Fixtures.orl());
    Pairs p = PairsGenerator.generate(orl, 2, 20, 3).pairs();
    Path out = tmp.resolve("orl-pairs.txt");
    PairsFormat.write(p, out);
    Pairs back = PairsFormat.read(out, Fixtures.orl());
    assertThat(back.folds()).isEqualTo(2);
    assertThat(back.perFold()).isEqualTo(20);
    for (int i = 0; i < p.size(); i++) {
      assertThat(back.pairs().get(i).first()).isEqualTo(p.pairs().get(i).first());
      assertThat(back.pairs().get(i).second()).isEqualTo(p.pairs().get(i).second());
      assertThat(back.pairs().get(i).same()).isEqualTo(p.pairs().get(i).same());
      assertThat(back.pairs().get(i).fold()).isEqualTo(p.pairs().get(i).fold());
    }
  }

  @Test
  void tooManyPairsAskedForIsAClearError() {
    Dataset orl = Dataset.scan(Fixtures.orl());
    // 40 people x C(10,2) = 1800 same-person pairs: at most 180 per fold in 10 folds.
    assertThatThrownBy(() -> PairsGenerator.generate(orl, 10, 181, 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("give at most 180 pairs of each kind per fold in 10 folds, not 181");
  }

  @Test
  void badDatasets() throws Exception {
    assertThatThrownBy(() -> Dataset.scan(tmp.resolve("none")))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(tmp.resolve("none") + ": no such dataset folder");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.createDirectories(empty.resolve("nobody"));
    Files.writeString(empty.resolve("nobody/notes.txt"), "not a picture");
    assertThatThrownBy(() -> Dataset.scan(empty))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(empty + ": empty dataset (expected one sub-folder of pictures per person)");
    Path one = Files.createDirectories(tmp.resolve("one/s1"));
    Files.copy(Fixtures.orl().resolve("s1/1.pgm"), one.resolve("1.pgm"));
    Files.copy(Fixtures.orl().resolve("s1/2.pgm"), one.resolve("2.pgm"));
    assertThatThrownBy(() -> PairsGenerator.generate(Dataset.scan(tmp.resolve("one")), 10, 0, 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("a dataset of one person (s1)");
    Path singles = tmp.resolve("singles");
    for (String who : new String[] {"s1", "s2"}) {
      Files.createDirectories(singles.resolve(who));
      Files.copy(Fixtures.orl().resolve(who + "/1.pgm"), singles.resolve(who + "/1.pgm"));
    }
    assertThatThrownBy(() -> PairsGenerator.generate(Dataset.scan(singles), 2, 0, 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("nobody has two pictures");
  }

  @Test
  void namesThatCannotBeWrittenAreRefused() throws Exception {
    Path d = tmp.resolve("odd");
    for (String[] f :
        new String[][] {{"a b", "1.pgm"}, {"c", "1.pgm"}, {"a b", "2.pgm"}, {"c", "2.pgm"}}) {
      Files.createDirectories(d.resolve(f[0]));
      Files.copy(Fixtures.orl().resolve("s1/" + f[1]), d.resolve(f[0]).resolve(f[1]));
    }
    Pairs p = PairsGenerator.generate(Dataset.scan(d), 1, 1, 1).pairs();
    assertThatThrownBy(() -> PairsFormat.format(p))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("'a b': names with white space cannot be written");
  }

  private static void assertNoRepeats(Pairs p) {
    Set<Set<Path>> seen = new HashSet<>();
    for (ImagePair x : p.pairs()) {
      assertThat(seen.add(Set.of(x.first().path(), x.second().path())))
          .as("repeated pair %s", x)
          .isTrue();
    }
  }
}
