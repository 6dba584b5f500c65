package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading folder-per-person data sets (ORL and Yale from the fixtures) and refusing bad ones. */
class DatasetTest {
  @TempDir Path tmp;

  @Test
  void readsOrlInNaturalOrder() {
    List<PersonPictures> people = DatasetFolder.scan(Fixtures.orl());
    assertThat(people).hasSize(40);
    assertThat(people.get(1).name()).isEqualTo("s2");
    assertThat(people.get(9).name()).isEqualTo("s10");
    assertThat(people.get(0).files()).hasSize(10);
    assertThat(people.get(0).files().get(9).getFileName().toString()).isEqualTo("10.pgm");
  }

  @Test
  void readsYaleGifsIntoChips() {
    List<String> warnings = new ArrayList<>();
    List<PersonPictures> two = DatasetFolder.scan(Fixtures.yale()).subList(0, 2);
    ChipSet set = ChipSet.load(Fixtures.yale(), two, ChipMaker.wholeImage(), 96, warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(set.identities())
        .extracting(ChipSet.Identity::name)
        .containsExactly("subject01", "subject02");
    assertThat(set.chipCount()).isEqualTo(two.get(0).files().size() + two.get(1).files().size());
    byte[] px = set.identities().get(0).chips().get(0).pixels();
    assertThat(px).hasSize(3 * 96 * 96);
    // A 320 x 243 picture padded to a square: the top rows are the black padding, the middle is the
    // face.
    assertThat(px[0]).isZero();
    assertThat(px[48 * 96 + 48] & 0xff).isGreaterThan(20);
  }

  @Test
  void skipsPeopleWithASinglePictureWithAWarning() throws IOException {
    Fixtures.orlSubset(tmp, 1, 3, 3);
    Path lone = Files.createDirectories(tmp.resolve("lonely"));
    Files.copy(Fixtures.orl().resolve("s4/1.pgm"), lone.resolve("1.pgm"));
    List<String> warnings = new ArrayList<>();
    ChipSet set = ChipSet.read(tmp, ChipMaker.wholeImage(), 96, warnings::add);
    assertThat(set.identities())
        .extracting(ChipSet.Identity::name)
        .containsExactly("s1", "s2", "s3");
    assertThat(set.skippedPeople()).containsExactly("lonely");
    assertThat(warnings).singleElement().asString().contains("lonely").contains("at least 2");
  }

  @Test
  void skipsAndCountsUnreadablePictures() throws IOException {
    Fixtures.orlSubset(tmp, 1, 2, 4);
    Files.writeString(tmp.resolve("s1/notes.pgm"), "this is not a picture");
    byte[] whole = Files.readAllBytes(Fixtures.orl().resolve("s2/5.pgm"));
    Files.write(tmp.resolve("s2/truncated.pgm"), java.util.Arrays.copyOf(whole, 40));
    List<String> warnings = new ArrayList<>();
    ChipSet set = ChipSet.read(tmp, ChipMaker.wholeImage(), 96, warnings::add);
    assertThat(set.unreadable())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("notes.pgm", "truncated.pgm");
    assertThat(set.chipCount()).isEqualTo(8);
    assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("skipped a picture"));
  }

  @Test
  void refusesAMissingOrEmptyFolderOrOnePerson() throws IOException {
    assertThatThrownBy(() -> DatasetFolder.scan(tmp.resolve("nope")))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("no such dataset folder");
    assertThatThrownBy(() -> DatasetFolder.scan(tmp))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("empty dataset");
    Fixtures.orlSubset(tmp, 7, 7, 5);
    assertThatThrownBy(() -> ChipSet.read(tmp, ChipMaker.wholeImage(), 96, w -> {}))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("at least 2 people")
        .hasMessageContaining("found 1");
  }

  @Test
  void refusesPeopleThatAllHaveOnePicture() throws IOException {
    Fixtures.orlSubset(tmp, 1, 3, 1);
    List<String> warnings = new ArrayList<>();
    assertThatThrownBy(() -> ChipSet.read(tmp, ChipMaker.wholeImage(), 96, warnings::add))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("found 0");
    assertThat(warnings).hasSize(3);
  }

  @Test
  void holdsOutPeopleBySeedOrByName() throws IOException {
    Fixtures.orlSubset(tmp, 1, 6, 2);
    ChipSet all = ChipSet.read(tmp, ChipMaker.wholeImage(), 96, w -> {});
    HeldOutSplit a = HeldOutSplit.byCount(all, 2, 7);
    HeldOutSplit b = HeldOutSplit.byCount(all, 2, 7);
    assertThat(names(a.heldOut())).hasSize(2).isEqualTo(names(b.heldOut()));
    assertThat(names(a.training())).hasSize(4).doesNotContainAnyElementsOf(names(a.heldOut()));
    HeldOutSplit c = HeldOutSplit.byNames(all, List.of("s5", "s6"));
    assertThat(names(c.heldOut())).containsExactly("s5", "s6");
    assertThat(names(c.training())).containsExactly("s1", "s2", "s3", "s4");
    assertThatThrownBy(() -> HeldOutSplit.byNames(all, List.of("s9", "s1")))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("s9");
    assertThatThrownBy(() -> HeldOutSplit.byCount(all, 5, 1))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("leaves 1");
  }

  private static List<String> names(ChipSet s) {
    return s.identities().stream().map(ChipSet.Identity::name).toList();
  }
}
