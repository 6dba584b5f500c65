package dev.facenet.cli;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that fails once a line runs past a limit, so that {@code import} given a file that never
 * ends a line (/dev/zero, a binary dump) stops with a message instead of filling the memory: a line
 * of encodings is a few kilobytes.
 */
final class LineLimit extends FilterReader {
  private final long max;
  private long current;

  LineLimit(Reader in, long max) {
    super(in);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    count(c);
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      count(buffer[offset + i]);
    }
    return n;
  }

  private void count(int c) throws IOException {
    if (c == '\n' || c == '\r') {
      current = 0;
    } else if (c >= 0 && ++current > max) {
      throw new IOException(
          "a line longer than " + max + " characters: not a file of encodings (one a line)");
    }
  }
}
