package dev.facenet.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.FaceNet;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shrinking a dataset to a face width: real ORL pictures, the faces found again in the shrunk ones
 * at about the width asked for (the detector's box around a small face comes out somewhat wider, up
 * to 51 px for 40 here), people and pictures kept.
 */
class ShrunkDatasetTest {
  @TempDir Path tmp;

  @Test
  void theFacesOfTheShrunkPicturesAreAboutTheWidthAskedFor() throws Exception {
    Path root = tmp.resolve("orl");
    for (String person : List.of("s1", "s2")) {
      for (String file : List.of("1.pgm", "2.pgm")) {
        Path f = Files.createDirectories(root.resolve(person)).resolve(file);
        Files.copy(Fixtures.orl().resolve(person).resolve(file), f);
      }
    }
    Dataset full = Dataset.scan(root);
    try (FaceNet faces = FaceNet.builder().build()) {
      Dataset shrunk = ShrunkDataset.write(full, faces, 40, tmp.resolve("shrunk"), Progress.none());
      assertThat(shrunk.people()).extracting(Dataset.Person::name).containsExactly("s1", "s2");
      assertThat(shrunk.size()).isEqualTo(4);
      for (Picture p : shrunk.pictures()) {
        assertThat(p.file()).endsWith(".pgm.png");
        List<Face> found = faces.locate(dev.facenet.Picture.of(p.path()));
        assertThat(found).as(p.toString()).isNotEmpty();
        assertThat(found.get(0).box().width()).as(p.toString()).isBetween(40 * 0.7, 40 * 1.4);
        BufferedImage img = dev.facenet.Picture.of(p.path()).decode().image();
        assertThat(img.getWidth()).isLessThan(92); // ORL's are 92 x 112 with faces over 40 px
      }
      assertThatThrownBy(
              () -> ShrunkDataset.write(full, faces, 4, tmp.resolve("x"), Progress.none()))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("too small");

      // several widths are taken in turn, picture after picture; 0 leaves a picture at full size
      Dataset mixed =
          ShrunkDataset.write(
              full,
              faces,
              List.of(ShrunkDataset.FULL_SIZE, 40),
              tmp.resolve("mixed"),
              Progress.none());
      List<Picture> pictures = mixed.pictures();
      assertThat(pictures).hasSize(4);
      for (int i = 0; i < pictures.size(); i++) {
        BufferedImage img = dev.facenet.Picture.of(pictures.get(i).path()).decode().image();
        if (i % 2 == 0) {
          assertThat(img.getWidth()).as(pictures.get(i).toString()).isEqualTo(92);
        } else {
          assertThat(img.getWidth()).as(pictures.get(i).toString()).isLessThan(92);
        }
      }
    }
  }

  @Test
  void aPictureIsShrunkByAreaAveragingAndNeverEnlarged() {
    BufferedImage stripes = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 2; y++) {
        stripes.setRGB(x, y, x % 2 == 0 ? 0xffffff : 0x000000);
      }
    }
    BufferedImage half = ShrunkDataset.shrink(stripes, 0.5);
    assertThat(half.getWidth()).isEqualTo(2);
    assertThat(half.getHeight()).isEqualTo(1);
    int grey = half.getRGB(0, 0) & 0xff; // white and black averaged, not one of them picked
    assertThat(grey).isBetween(120, 135);
    assertThat(ShrunkDataset.shrink(stripes, 1)).isSameAs(stripes);
  }
}
