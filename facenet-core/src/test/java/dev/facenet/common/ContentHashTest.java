package dev.facenet.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture's hash is the standard SHA-256 of its bytes, streamed, and spelt one way. */
class ContentHashTest {
  @TempDir Path dir;

  @Test
  void theHashOfAFileIsTheSha256OfItsBytesReadInChunks() throws Exception {
    // FIPS 180-2's example "abc"
    assertThat(ContentHash.of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    byte[] large = new byte[3 * 65536 + 17]; // several chunks and a short last one
    new Random(7).nextBytes(large);
    Path file = Files.write(dir.resolve("picture.jpg"), large);
    assertThat(ContentHash.of(file)).isEqualTo(ContentHash.of(large));
  }

  @Test
  void upperCaseIsTheSameHashAndAnythingElseIsRefused() {
    String hex = ContentHash.of(new byte[0]).hex();
    assertThat(new ContentHash(hex.toUpperCase())).isEqualTo(new ContentHash(hex));
    assertThatThrownBy(() -> new ContentHash(hex.substring(1)))
        .isInstanceOf(FaceNetException.class);
    assertThatThrownBy(() -> new ContentHash("g" + hex.substring(1)))
        .isInstanceOf(FaceNetException.class);
    assertThatThrownBy(() -> ContentHash.of(dir.resolve("missing.jpg")))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("missing.jpg: cannot read it");
  }
}
