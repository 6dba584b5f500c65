package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.align.FaceAligner;
import dev.facenet.pipeline.FaceFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training chips cut by the photo pipeline (FaceFinder + the dlib-chip aligner), as the encoder
 * sees faces at inference.
 */
class AlignedChipsTest {
  @TempDir Path tmp;

  @Test
  void cutsOrlFacesAsDlibChipsAndCountsPicturesWithoutAFace() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 2);
    // A grey card with no face: it must fall back to the whole picture and be counted.
    Path blank = Fixtures.greyCard(data.resolve("s2/blank.png"));

    List<String> warnings = new ArrayList<>();
    ChipSet whole = ChipSet.read(data, ChipMaker.wholeImage(), 96, w -> {});
    ChipSet aligned;
    try (FaceFinder finder = new FaceFinder()) {
      aligned =
          ChipSet.read(
              data, ChipMaker.aligned(finder, FaceAligner.dlibChip96()), 96, warnings::add);
    }
    assertThat(aligned.crop()).isEqualTo(FaceAligner.DLIB_CHIP_96);
    assertThat(whole.wholePictures()).isEmpty();
    assertThat(aligned.wholePictures()).containsExactly(blank);
    assertThat(warnings).singleElement().asString().contains("no face found in 1 picture");
    assertThat(aligned.chipCount()).isEqualTo(5);
    for (int p = 0; p < 2; p++) {
      for (int c = 0; c < 2; c++) {
        byte[] a = aligned.identities().get(p).chips().get(c).pixels();
        byte[] w = whole.identities().get(p).chips().get(c).pixels();
        assertThat(a).hasSize(3 * 96 * 96);
        // The aligned chip is a zoomed, rotated cut of the face, not the padded picture (whose
        // corner is black).
        assertThat(Arrays.equals(a, w)).isFalse();
        assertThat(w[0]).isZero();
        assertThat(mean(a)).isGreaterThan(30);
      }
    }
    // The subset of the training people keeps the fallback record of its own pictures only.
    assertThat(aligned.subset(aligned.identities().subList(0, 1)).wholePictures()).isEmpty();
    assertThat(aligned.subset(aligned.identities().subList(1, 2)).wholePictures())
        .containsExactly(blank);
  }

  private static double mean(byte[] px) {
    long s = 0;
    for (byte b : px) {
      s += b & 0xff;
    }
    return s / (double) px.length;
  }
}
