package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.ApiKey;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.KeyRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys through the front door on a real SQLite gallery: a key opens only while it is stored and
 * not revoked, only its exact text opens it, and the gallery file never holds that text.
 */
class AccessKeysTest {
  @TempDir Path dir;

  @Test
  void aKeyOpensUntilRevokedAndOnlyItsHashIsStored() throws Exception {
    Path db = dir.resolve("keys.db");
    String text;
    String id;
    try (FaceNet faces = FaceNet.builder().gallery(db).build()) {
      AccessKeys keys = faces.keys();
      assertThat(keys.anyActive()).isFalse();
      AccessKeys.NewKey made = keys.create(KeyRole.ADMIN, "  ops laptop ");
      text = made.text();
      id = made.key().id();
      assertThat(text).startsWith(AccessKeys.PREFIX + id + "_").hasSize(4 + 16 + 1 + 43);
      assertThat(made.toString()).doesNotContain(text.substring(21));
      assertThat(made.key().label()).isEqualTo("ops laptop");
      assertThat(keys.anyActive()).isTrue();

      assertThat(keys.check(text)).map(ApiKey::role).contains(KeyRole.ADMIN);
      assertThat(keys.check(" " + text + "\n")).isPresent(); // pasted with spaces around it
      // one character of the secret changed, the id of another key, garbage: nothing opens
      char last = text.charAt(text.length() - 1);
      String altered = text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertThat(keys.check(altered)).isEmpty();
      AccessKeys.NewKey door = keys.create(KeyRole.USER, "door");
      String swapped = AccessKeys.PREFIX + door.key().id() + text.substring(20);
      assertThat(keys.check(swapped)).isEmpty();
      assertThat(keys.check("")).isEmpty();
      assertThat(keys.check(null)).isEmpty();
      assertThat(keys.check("Bearer " + text)).isEmpty();
      assertThat(keys.check(text + "' OR 1=1 --")).isEmpty();

      assertThat(keys.list()).extracting(ApiKey::label).containsExactly("ops laptop", "door");
      assertThat(keys.revoke("door").id()).isEqualTo(door.key().id());
      assertThat(keys.check(door.text())).isEmpty();
      assertThatThrownBy(() -> keys.revoke(door.key().id()))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("already revoked");
      assertThatThrownBy(() -> keys.revoke("nobody"))
          .hasMessage("no key with id or label 'nobody'");
      keys.create(KeyRole.USER, "twin");
      keys.create(KeyRole.USER, "twin");
      assertThatThrownBy(() -> keys.revoke("twin")).hasMessageContaining("revoke one by its id");
      assertThatThrownBy(() -> keys.create(KeyRole.USER, " "))
          .hasMessage("a key's label must not be empty");
      assertThatThrownBy(() -> keys.create(KeyRole.USER, "a\nb"))
          .hasMessageContaining("control characters");
    }
    // another process (another FaceNet on the file) sees the key; the file holds no key text
    try (FaceNet again = FaceNet.builder().existingGallery(db).build()) {
      assertThat(again.keys().check(text)).map(ApiKey::id).contains(id);
    }
    String raw = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains(id).doesNotContain(text.substring(21));
  }

  @Test
  void rolesAreOrdered() {
    assertThat(KeyRole.ADMIN.allows(KeyRole.USER)).isTrue();
    assertThat(KeyRole.ADMIN.allows(KeyRole.ADMIN)).isTrue();
    assertThat(KeyRole.USER.allows(KeyRole.ADMIN)).isFalse();
    assertThat(KeyRole.parse(" Admin")).isEqualTo(KeyRole.ADMIN);
    assertThatThrownBy(() -> KeyRole.parse("root"))
        .hasMessage("a key's role is 'user' or 'admin', got 'root'");
  }
}
