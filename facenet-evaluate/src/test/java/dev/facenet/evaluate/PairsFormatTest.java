package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LFW pairs format, its file-name extension, and a clear error for every kind of bad input. */
class PairsFormatTest {
  @TempDir Path tmp;
  Path images;

  /**
   * An LFW-shaped folder made of the seed's real face pictures: andrew_0001.jpg, andrew_0002.jpg,
   * ...
   */
  @BeforeEach
  void lfwLayout() throws Exception {
    images = tmp.resolve("lfw");
    for (String who : new String[] {"andrew", "arnaud", "benoit"}) {
      Files.createDirectories(images.resolve(who));
      for (int i = 1; i <= 3; i++) {
        Files.copy(
            Fixtures.seedImages().resolve(who + ".jpg"),
            images.resolve(who).resolve(String.format("%s_%04d.jpg", who, i)));
      }
    }
  }

  private Path file(String text) throws Exception {
    Path f = tmp.resolve("pairs.txt");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsLfwFoldsInOrder() throws Exception {
    Path f =
        file(
            "2\t2\n"
                + "andrew\t1\t2\n"
                + "arnaud\t1\t3\n"
                + "andrew\t1\tbenoit\t2\n"
                + "arnaud\t2\tbenoit\t3\n"
                + "benoit\t1\t2\n"
                + "andrew\t2\t3\n"
                + "arnaud\t3\tandrew\t1\n"
                + "benoit\t1\tandrew\t3\n");
    Pairs p = PairsFormat.read(f, images);
    assertThat(p.folds()).isEqualTo(2);
    assertThat(p.perFold()).isEqualTo(2);
    assertThat(p.size()).isEqualTo(8);
    ImagePair first = p.pairs().get(0);
    assertThat(first.same()).isTrue();
    assertThat(first.fold()).isZero();
    assertThat(first.line()).isEqualTo(2);
    assertThat(first.first().path()).isEqualTo(images.resolve("andrew/andrew_0001.jpg"));
    assertThat(first.second().path()).isEqualTo(images.resolve("andrew/andrew_0002.jpg"));
    ImagePair diff = p.pairs().get(3);
    assertThat(diff.same()).isFalse();
    assertThat(diff.first().path()).isEqualTo(images.resolve("arnaud/arnaud_0002.jpg"));
    assertThat(diff.second().path()).isEqualTo(images.resolve("benoit/benoit_0003.jpg"));
    assertThat(p.fold(1)).extracting(ImagePair::line).containsExactly(6, 7, 8, 9);
    assertThat(p.fold(1)).extracting(ImagePair::same).containsExactly(true, true, false, false);
    assertThat(p.pictures()).hasSize(9);
  }

  @Test
  void readsFileNamesInsteadOfIndicesOnOrl() throws Exception {
    Path f = file("1 2\ns1 1.pgm 10.pgm\ns40 2.pgm 3.pgm\ns1 1.pgm s2 1.pgm\ns3 5.pgm s40 9.pgm\n");
    Pairs p = PairsFormat.read(f, Fixtures.orl());
    assertThat(p.pairs().get(0).second().path()).isEqualTo(Fixtures.orl().resolve("s1/10.pgm"));
    assertThat(p.pairs().get(3).second().person()).isEqualTo("s40");
    assertThat(p.pairs().get(3).second().file()).isEqualTo("9.pgm");
  }

  @Test
  void blankLinesAreIgnoredButCountedInLineNumbers() throws Exception {
    Path f = file("\n1 1\n\nandrew 1 2\n\nandrew 1 benoit 1\n\n");
    Pairs p = PairsFormat.read(f, images);
    assertThat(p.pairs()).extracting(ImagePair::line).containsExactly(4, 6);
  }

  @Test
  void wrongHeaders() throws Exception {
    for (String header :
        new String[] {"10", "a b", "10 300 1", "0 300", "10 0", "-1 3", "99999999999 3"}) {
      Path f = file(header + "\nandrew 1 2\nandrew 1 benoit 1\n");
      assertThatThrownBy(() -> PairsFormat.read(f, images))
          .as(header)
          .isInstanceOf(FaceNetException.class)
          .hasMessage(
              f
                  + " line 1: the header must be 'FOLDS N' (two positive numbers, e.g. '10 300'), found '"
                  + header
                  + "'");
    }
    Path empty = file("\n\n");
    assertThatThrownBy(() -> PairsFormat.read(empty, images))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining(empty + ": empty pairs file");
  }

  @Test
  void malformedLines() throws Exception {
    List<String[]> cases =
        List.of(
            new String[] {"andrew 1\nandrew 1 benoit 1\n", "line 2: malformed line 'andrew 1'"},
            new String[] {
              "andrew 1 benoit 1 2\nandrew 1 benoit 1\n",
              "line 2: malformed line 'andrew 1 benoit 1 2'"
            },
            new String[] {
              "andrew 1 benoit 1\nandrew 1 2\n", "line 2: expected a same-person line 'name i j'"
            },
            new String[] {
              "andrew 1 2\nandrew 1 3\n",
              "line 3: expected a different-person line 'name1 i name2 j'"
            },
            new String[] {
              "andrew 0 2\nandrew 1 benoit 1\n", "line 2: picture index '0' must be a number from 1"
            },
            new String[] {
              "andrew 1 ../x.jpg\nandrew 1 benoit 1\n", "line 2: '../x.jpg' is not a file name"
            },
            new String[] {
              "../andrew 1 2\nandrew 1 benoit 1\n", "line 2: '../andrew' is not a person name"
            });
    for (String[] c : cases) {
      Path f = file("1 1\n" + c[0]);
      assertThatThrownBy(() -> PairsFormat.read(f, images))
          .as(c[0])
          .isInstanceOf(FaceNetException.class)
          .hasMessageStartingWith(f + " " + c[1]);
    }
  }

  @Test
  void missingPictureNamesFileLineAndPicture() throws Exception {
    Path f = file("1 2\nandrew 1 2\nandrew 1 4\nandrew 1 benoit 1\nandrew 1 benoit 2\n");
    assertThatThrownBy(() -> PairsFormat.read(f, images))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(f + " line 3: no picture " + images.resolve("andrew/andrew_0004.jpg"));
    Path g = file("1 1\nnobody 1 2\nandrew 1 benoit 1\n");
    assertThatThrownBy(() -> PairsFormat.read(g, images))
        .hasMessage(g + " line 2: no picture " + images.resolve("nobody/nobody_0001.jpg"));
  }

  @Test
  void countsMustMatchTheHeader() throws Exception {
    Path few = file("2 1\nandrew 1 2\nandrew 1 benoit 1\narnaud 1 2\n");
    assertThatThrownBy(() -> PairsFormat.read(few, images))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(few + ": 3 pairs, but the header '2 1' promises 4 (2 folds of 1 + 1)");
    Path many = file("1 1\nandrew 1 2\nandrew 1 benoit 1\narnaud 1 2\n");
    assertThatThrownBy(() -> PairsFormat.read(many, images))
        .isInstanceOf(FaceNetException.class)
        .hasMessageStartingWith(many + " line 4: more pairs than the header promises");
  }

  @Test
  void missingFileOrFolder() throws Exception {
    Path f = file("1 1\nandrew 1 2\nandrew 1 benoit 1\n");
    assertThatThrownBy(() -> PairsFormat.read(tmp.resolve("none.txt"), images))
        .hasMessage(tmp.resolve("none.txt") + ": no such pairs file");
    assertThatThrownBy(() -> PairsFormat.read(f, tmp.resolve("none")))
        .hasMessage(tmp.resolve("none") + ": no such image folder");
  }

  @Test
  void writesIndicesForLfwNamesAndReadsBackTheSamePairs() throws Exception {
    Path f = file("1 2\nandrew 1 2\nbenoit 2 3\narnaud 1 benoit 3\nandrew 3 arnaud 2\n");
    Pairs p = PairsFormat.read(f, images);
    Path out = tmp.resolve("again.txt");
    PairsFormat.write(p, out);
    assertThat(Files.readString(out))
        .isEqualTo(
            "1\t2\nandrew\t1\t2\nbenoit\t2\t3\narnaud\t1\tbenoit\t3\nandrew\t3\tarnaud\t2\n");
    Pairs back = PairsFormat.read(out, images);
    assertThat(back.pairs())
        .extracting(ImagePair::first)
        .isEqualTo(p.pairs().stream().map(ImagePair::first).toList());
    assertThat(back.pairs())
        .extracting(ImagePair::second)
        .isEqualTo(p.pairs().stream().map(ImagePair::second).toList());
  }
}
