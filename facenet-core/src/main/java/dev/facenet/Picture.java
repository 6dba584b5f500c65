package dev.facenet;

import dev.facenet.common.ContentHash;
import dev.facenet.common.DecodedPicture;
import dev.facenet.image.ImageLoader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A picture to work on: a file, or bytes that arrived another way (an upload to the server), with
 * the name messages give it. Nothing is read until a call needs the pixels or the content hash
 * (stored with enrolled encodings, so that a bulk enrolment skips pictures the gallery holds).
 *
 * <p>Immutable and thread-safe, provided the bytes given to {@link #of(byte[], String)} are not
 * changed afterwards (they are not copied).
 */
public final class Picture {
  private final String label;
  private final Path file;
  private final byte[] data;

  private Picture(String label, Path file, byte[] data) {
    this.label = label;
    this.file = file;
    this.data = data;
  }

  /** A picture file. */
  public static Picture of(Path file) {
    return new Picture(file.toString(), Objects.requireNonNull(file), null);
  }

  /** A picture's bytes in any format a file could hold; {@code label} names it in messages. */
  public static Picture of(byte[] data, String label) {
    return new Picture(Objects.requireNonNull(label), null, Objects.requireNonNull(data));
  }

  /** The name messages give the picture: the file's path, or the label given with the bytes. */
  public String label() {
    return label;
  }

  /** The pixels, upright, subsampled when huge ({@link ImageLoader#read(Path)}). */
  public DecodedPicture decode() {
    return file != null ? ImageLoader.read(file) : ImageLoader.read(data, label);
  }

  /** The SHA-256 of the bytes. */
  public ContentHash hash() {
    return file != null ? ContentHash.of(file) : ContentHash.of(data);
  }

  @Override
  public String toString() {
    return label;
  }
}
