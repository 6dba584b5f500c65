package dev.facenet.train;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a file that is either wholly the new content or what it was before, never half of it: the content and
 * a CRC32 of it go to a temporary file, which is forced to the disk and then renamed over the target. A run
 * killed mid-write, or a full disk, leaves the previous file as it was. The checkpoint and the chip cache are
 * written this way; each reads its own format back (starting with {@link #magic}) and checks the CRC at the end.
 */
final class CheckedFile {
  /** What goes into the file before its CRC. */
  interface Content {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private CheckedFile() {}

  /** The string a file of ours starts with, or "" when its start is not one (a foreign or empty file). */
  static String magic(DataInputStream in) {
    try {
      return in.readUTF();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Writes {@code content} and its CRC to {@code tmp} and renames it to {@code target}. On any failure the
   * temporary file is deleted and the exception goes to the caller; {@code target} is then untouched.
   */
  static void write(Path target, Path tmp, Content content) throws IOException {
    boolean renamed = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(
            new BufferedOutputStream(new CheckedOutputStream(Channels.newOutputStream(ch), crc), 1 << 16));
        content.writeTo(out);
        out.flush();
        out.writeLong(crc.getValue());
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
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
}
