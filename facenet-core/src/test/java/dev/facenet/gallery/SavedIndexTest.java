package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.Crops;
import dev.facenet.common.Embedding;
import dev.facenet.common.Neighbour;
import dev.facenet.common.SearchMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexes a SQLite gallery saves beside its file: a damaged one, or one left behind by a change
 * made while it was not open, is rebuilt and never answers.
 */
class SavedIndexTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(5);

  private Embedding enc() {
    float[] v = new float[128];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * 0.1);
    }
    return new Embedding("resnet", Crops.WHOLE_IMAGE, v);
  }

  private static Path indexFile(Path gallery, String suffix) throws Exception {
    try (Stream<Path> all = Files.walk(SqliteGallery.indexFolder(gallery))) {
      return all.filter(p -> p.getParent().getFileName().toString().endsWith(suffix))
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aDamagedOrOutdatedSavedIndexIsRebuiltNotBelieved() throws Exception {
    Path file = dir.resolve("people.db");
    Embedding ann = enc();
    try (SqliteGallery g = SqliteGallery.open(file)) {
      g.enroll("ann", List.of(ann));
      for (int i = 0; i < 50; i++) {
        g.enroll("p" + i, List.of(enc()));
      }
      assertThat(g.nearest(ann, 1, 0.0, SearchMode.EXACT)).containsExactly(new Neighbour("ann", 0));
    }
    Path saved = indexFile(file, ".exact");
    byte[] whole = Files.readAllBytes(saved);

    // cut short: reported, rebuilt, and the answer is right
    Files.write(saved, java.util.Arrays.copyOf(whole, whole.length / 2));
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.nearest(ann, 1, 0.0, SearchMode.EXACT)).containsExactly(new Neighbour("ann", 0));
    }
    assertThat(Files.size(saved)).as("rebuilt and saved whole").isEqualTo(whole.length);

    // the gallery changed while no index was open: the saved file is from before and is not used
    try (SqliteGallery g = SqliteGallery.open(file)) {
      g.remove("ann");
      g.enroll("bob", List.of(ann));
    }
    Files.write(saved, whole); // the old index, which still says "ann"
    try (SqliteGallery g = SqliteGallery.open(file)) {
      assertThat(g.nearest(ann, 1, 0.0, SearchMode.EXACT)).containsExactly(new Neighbour("bob", 0));
    }
  }
}
