package dev.facenet;

import dev.facenet.common.ApiKey;
import dev.facenet.common.AuditEntry;
import dev.facenet.common.ContentHash;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.KeyRole;
import dev.facenet.gallery.Gallery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's API keys, kept in the gallery: made, listed, checked and revoked here, so that the
 * command line and the server share one rule. A key reads {@code fnk_ID_SECRET}: the id is public
 * (listings, the audit), the secret is 256 random bits of which the gallery keeps only the SHA-256,
 * so a copy of the gallery opens nothing. A fast hash suffices for a secret that random: there is
 * no password to guess.
 *
 * <p>Thread-safe: every call goes to the gallery, which serialises them; a key revoked by another
 * process is refused on its next check.
 */
public final class AccessKeys {
  /** What every key starts with, so that one pasted in the wrong place is recognisable. */
  public static final String PREFIX = "fnk_";

  /** Longest label accepted, in characters. */
  public static final int MAX_LABEL_LENGTH = 100;

  private static final Pattern SHAPE =
      Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<Gallery> gallery;

  AccessKeys(Supplier<Gallery> gallery) {
    this.gallery = gallery;
  }

  /**
   * A key just made: the only moment its full text exists; show it once.
   *
   * @param key what the gallery keeps
   * @param text the key to hand to its holder ({@code fnk_ID_SECRET})
   */
  public record NewKey(ApiKey key, String text) {
    @Override
    public String toString() { // never in a log line by accident
      return "NewKey[" + key.id() + ", " + key.label() + ", " + key.role().label() + "]";
    }
  }

  /** Makes and stores a new key of this role; {@code label} says whose it is. */
  public NewKey create(KeyRole role, String label) {
    String name = checkLabel(label);
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String idText = HexFormat.of().formatHex(id);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ApiKey key = new ApiKey(idText, name, role, sha256(secretText), now(), null);
    gallery.get().addKey(key);
    return new NewKey(key, PREFIX + idText + "_" + secretText);
  }

  /** Every key, revoked ones too, oldest first. */
  public List<ApiKey> list() {
    return gallery.get().keys();
  }

  /** Whether any key that is not revoked exists (a service with none lets no one in). */
  public boolean anyActive() {
    return list().stream().anyMatch(ApiKey::active);
  }

  /**
   * The valid key that {@code presented} is, if it is one: well formed, stored, its secret's hash
   * equal (compared in constant time), not revoked.
   */
  public Optional<ApiKey> check(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    Matcher m = SHAPE.matcher(presented.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    byte[] hash = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
    return gallery
        .get()
        .key(m.group(1))
        .filter(ApiKey::active)
        .filter(
            k -> MessageDigest.isEqual(hash, k.secretHash().getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Revokes a key, named by its id or by its label (when one active key has it); the key opens
   * nothing from then on.
   *
   * @return the key as it was before
   */
  public ApiKey revoke(String idOrLabel) {
    List<ApiKey> all = list();
    List<ApiKey> byId = all.stream().filter(k -> k.id().equals(idOrLabel)).toList();
    List<ApiKey> chosen =
        byId.isEmpty()
            ? all.stream().filter(k -> k.active() && k.label().equals(idOrLabel)).toList()
            : byId;
    if (chosen.isEmpty()) {
      throw new FaceNetException("no key with id or label '" + idOrLabel + "'");
    }
    if (chosen.size() > 1) {
      throw new FaceNetException(
          chosen.size() + " keys are labelled '" + idOrLabel + "'; revoke one by its id");
    }
    ApiKey key = chosen.get(0);
    if (!gallery.get().revokeKey(key.id(), now())) {
      throw new FaceNetException("key " + key.id() + " (" + key.label() + ") is already revoked");
    }
    return key;
  }

  /** The latest changes to who is known, newest first. */
  public List<AuditEntry> audit(int limit) {
    return gallery.get().audit(limit);
  }

  private static String checkLabel(String label) {
    if (label == null || label.isBlank()) {
      throw new FaceNetException("a key's label must not be empty");
    }
    String l = label.strip();
    if (l.length() > MAX_LABEL_LENGTH) {
      throw new FaceNetException(
          "a key's label must be at most " + MAX_LABEL_LENGTH + " characters, got " + l.length());
    }
    if (l.chars().anyMatch(Character::isISOControl)) {
      throw new FaceNetException("a key's label must not contain control characters");
    }
    return l;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis()); // what the gallery stores
  }

  /** SHA-256 of the secret's text, as the gallery stores it (lower-case hex). */
  private static String sha256(String secret) {
    return ContentHash.of(secret.getBytes(StandardCharsets.US_ASCII)).hex();
  }
}
