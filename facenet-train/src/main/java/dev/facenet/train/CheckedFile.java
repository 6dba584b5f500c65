package dev.facenet.train;

import dev.facenet.common.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A file of ours that ends with a CRC32 of its content, written through {@link AtomicFile} (so it
 * is either wholly the new content or what it was before). The checkpoint and the chip cache are
 * written this way; each reads its own format back (starting with {@link #magic}) and checks the
 * CRC at the end.
 */
final class CheckedFile {
  /** What goes into the file before its CRC. */
  interface Content {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private CheckedFile() {}

  /**
   * The string a file of ours starts with, or "" when its start is not one (a foreign or empty
   * file).
   */
  static String magic(DataInputStream in) {
    try {
      return in.readUTF();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Writes {@code content} and its CRC to {@code target} through the temporary file {@code tmp}. On
   * any failure the temporary file is deleted and the exception goes to the caller; {@code target}
   * is then untouched.
   */
  static void write(Path target, Path tmp, Content content) throws IOException {
    AtomicFile.write(
        target,
        tmp,
        file -> {
          CRC32 crc = new CRC32();
          DataOutputStream out =
              new DataOutputStream(
                  new BufferedOutputStream(new CheckedOutputStream(file, crc), 1 << 16));
          content.writeTo(out);
          out.flush();
          out.writeLong(crc.getValue());
          out.flush();
        });
  }
}
