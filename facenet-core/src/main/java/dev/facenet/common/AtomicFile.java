package dev.facenet.common;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file that is either wholly the new content or what it was before, never half of it: the
 * content goes to a temporary sibling, which is forced to the disk and then renamed over the
 * target. A process killed mid-write, a full disk or a failing body leaves the target as it was and
 * removes the temporary file.
 *
 * <p>Every file the library and its tools write for later use (weights, checkpoints, chip caches,
 * model cards, plots, pairs files) goes through here, so the rule lives in one place.
 */
public final class AtomicFile {
  /** What goes into the file. The stream is buffered; the body need not (and cannot) close it. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code target} through the temporary sibling {@link #temporary(Path) NAME.tmp}. */
  public static void write(Path target, Body body) throws IOException {
    write(target, temporary(target), body);
  }

  /**
   * Writes {@code target} through {@code tmp}, which the caller names (say, per process, so that
   * writers sharing a target do not write into each other's temporary file and a killed writer's
   * file can be recognised). It must be in the target's folder: the rename is atomic only within
   * one file system.
   */
  public static void write(Path target, Path tmp, Body body) throws IOException {
    boolean renamed = false;
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(
            new FilterOutputStream(out) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush(); // the channel stays open until it is forced below
              }
            });
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // A file system without atomic renames: replacing is the best it offers.
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      renamed = true;
    } finally {
      if (!renamed) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // only clutter; the target is untouched either way
        }
      }
    }
  }

  /** The default temporary file of {@code target}: {@code NAME.tmp} in the same folder. */
  public static Path temporary(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }
}
