package dev.facenet.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 of a picture file's bytes, as 64 lowercase hex digits. A gallery stores it beside
 * each encoding made from a file, so that bulk enrolment can tell which pictures it has already
 * done (after an interruption, or when pictures were added to a folder) without decoding or
 * encoding them again: the content, not the path, says whether two files are the same picture, so a
 * renamed or moved folder is still recognised and an edited picture is not.
 *
 * @param hex 64 hex digits (stored in lower case)
 */
public record ContentHash(String hex) {
  /** Bytes read at a time: the file is streamed, never held whole. */
  private static final int CHUNK = 1 << 16;

  public ContentHash {
    if (hex == null || hex.length() != 64 || !hex.chars().allMatch(ContentHash::hexDigit)) {
      throw new FaceNetException("not a SHA-256 (64 hex digits): " + hex);
    }
    hex = hex.toLowerCase(Locale.ROOT);
  }

  /** The hash of a file's content, read in chunks; a file that cannot be read is an error. */
  public static ContentHash of(Path file) {
    MessageDigest sha = sha256();
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        sha.update(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new FaceNetException(file + ": cannot read it (" + e.getMessage() + ")", e);
    }
    return new ContentHash(HexFormat.of().formatHex(sha.digest()));
  }

  /** The hash of these bytes (a file's whole content). */
  public static ContentHash of(byte[] content) {
    return new ContentHash(HexFormat.of().formatHex(sha256().digest(content)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static boolean hexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public String toString() {
    return hex;
  }
}
