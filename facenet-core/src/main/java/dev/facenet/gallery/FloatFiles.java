package dev.facenet.gallery;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Float arrays in and out of the index files, big-endian, in large blocks rather than one by one.
 */
final class FloatFiles {
  private FloatFiles() {}

  static void write(DataOutputStream out, float[] a, int from, int count) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(count * 4);
    b.asFloatBuffer().put(a, from, count);
    out.write(b.array());
  }

  /** Reads {@code count} floats into {@code to} from {@code at}, a megabyte at a time. */
  static void read(DataInputStream in, float[] to, int at, long count) throws IOException {
    byte[] chunk = new byte[1 << 20];
    long left = count;
    int pos = at;
    while (left > 0) {
      int n = (int) Math.min(left, chunk.length / 4);
      in.readFully(chunk, 0, n * 4);
      ByteBuffer.wrap(chunk, 0, n * 4).asFloatBuffer().get(to, pos, n);
      pos += n;
      left -= n;
    }
  }
}
