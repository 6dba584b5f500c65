package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import dev.facenet.common.Neighbour;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ambiguous answers: a face that two people both match at nearly the same distance gets no name and
 * both candidates, first on hand-placed neighbours (the rule itself, worked out by hand), then on a
 * real gallery where one person's picture is also enrolled under a second name.
 */
class AmbiguityTest {
  static final Path ORL = Path.of(System.getProperty("facenet.shared"), "fixtures", "orl");

  @TempDir Path dir;

  private static List<Neighbour> near(Object... nameDistance) {
    Neighbour[] n = new Neighbour[nameDistance.length / 2];
    for (int i = 0; i < n.length; i++) {
      n[i] = new Neighbour((String) nameDistance[2 * i], (double) nameDistance[2 * i + 1]);
    }
    return List.of(n);
  }

  @Test
  void twoPeopleUnderTheThresholdWithinTheMarginAreAmbiguous() {
    Match m = Match.of(near("ann", 0.40, "bob", 0.43, "cy", 0.9), 0.6, 0.05, 1);
    assertThat(m.ambiguous()).isTrue();
    assertThat(m.name()).isNull();
    assertThat(m.known()).isFalse();
    assertThat(m.nearest()).isEqualTo("ann");
    assertThat(m.margin()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(m.candidates()).extracting(Neighbour::name).containsExactly("ann", "bob");
  }

  @Test
  void aClearMarginOrASecondOverTheThresholdNamesTheNearest() {
    // 0.40 and 0.46: 0.06 apart, over the margin.
    Match clear = Match.of(near("ann", 0.40, "bob", 0.46), 0.6, 0.05, 1);
    assertThat(clear.name()).isEqualTo("ann");
    assertThat(clear.ambiguous()).isFalse();
    assertThat(clear.candidates()).extracting(Neighbour::name).containsExactly("ann");
    // 0.58 and 0.61: close, but bob is not a match at all.
    Match alone = Match.of(near("ann", 0.58, "bob", 0.61), 0.6, 0.05, 1);
    assertThat(alone.name()).isEqualTo("ann");
    assertThat(alone.ambiguous()).isFalse();
    // Both over the threshold: a stranger, not an ambiguity.
    Match stranger = Match.of(near("ann", 0.7, "bob", 0.71), 0.6, 0.05, 3);
    assertThat(stranger.name()).isNull();
    assertThat(stranger.ambiguous()).isFalse();
    assertThat(stranger.candidates()).hasSize(2); // top 3, but only two people known
    // Margin 0 turns the rule off, even for a tie.
    Match tie = Match.of(near("ann", 0.4, "bob", 0.4), 0.6, 0, 1);
    assertThat(tie.name()).isEqualTo("ann");
    assertThat(tie.margin()).isZero();
    // One person in the gallery: no second, no margin.
    Match one = Match.of(near("ann", 0.3), 0.6, 0.05, 1);
    assertThat(one.name()).isEqualTo("ann");
    assertThat(one.margin()).isNull();
  }

  @Test
  void aRealFaceEnrolledUnderTwoNamesIsAmbiguousAndOthersAreNot() {
    Path gallery = dir.resolve("people.db");
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      faces.enroll("s1", ORL.resolve("s1/1.pgm"), ORL.resolve("s1/2.pgm"));
      faces.enroll("s1-again", ORL.resolve("s1/1.pgm"), ORL.resolve("s1/2.pgm"));
      faces.enroll("s2", ORL.resolve("s2/1.pgm"), ORL.resolve("s2/2.pgm"));
      assertThat(faces.ambiguityMargin()).isEqualTo(FaceNet.DEFAULT_AMBIGUITY_MARGIN);

      Match twin = faces.recognize(ORL.resolve("s1/5.pgm"), 0.6);
      assertThat(twin.ambiguous()).isTrue();
      assertThat(twin.name()).isNull();
      assertThat(twin.margin()).isZero(); // the same encodings under both names
      assertThat(twin.candidates())
          .extracting(Neighbour::name)
          .containsExactlyInAnyOrder("s1", "s1-again");
      assertThat(twin.distance()).isLessThan(0.6);

      Match other = faces.recognize(ORL.resolve("s2/5.pgm"), 0.6);
      assertThat(other.ambiguous()).isFalse();
      assertThat(other.name()).isEqualTo("s2");
      assertThat(other.margin()).isGreaterThan(FaceNet.DEFAULT_AMBIGUITY_MARGIN);
      assertThat(other.candidates()).extracting(Neighbour::name).containsExactly("s2");
    }
    // Margin 0: the nearest is named whatever the second.
    try (FaceNet faces = FaceNet.builder().gallery(gallery).ambiguityMargin(0).build()) {
      Match named = faces.recognize(ORL.resolve("s1/5.pgm"), 0.6);
      assertThat(named.ambiguous()).isFalse();
      assertThat(named.name()).isIn("s1", "s1-again");
    }
  }

  @Test
  void aMarginThatIsNotADistanceIsRefused() {
    for (double bad : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> FaceNet.builder().ambiguityMargin(bad))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("ambiguity margin");
    }
  }
}
