package dev.facenet.common;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as the gallery keeps it: never the key itself, only the SHA-256 of its secret part, so
 * that a copy of the gallery lets no one in.
 *
 * @param id the key's public part, shown in listings and the audit
 * @param label what its creator called it ("door camera")
 * @param role what it may do
 * @param secretHash SHA-256 of the secret part, lower-case hex
 * @param created when it was made
 * @param revoked when it was revoked; null while it is valid
 */
public record ApiKey(
    String id, String label, KeyRole role, String secretHash, Instant created, Instant revoked) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(created, "created");
  }

  /** Whether it still opens the door. */
  public boolean active() {
    return revoked == null;
  }

  /** Who did something with it, as the audit writes it. */
  public Actor actor() {
    return new Actor("key " + id + " (" + label + ")");
  }
}
