package dev.facenet.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * A picture's bytes as a decoder reads them, except that a decoder which keeps reading past the end
 * is stopped. Some decoders take the end of the data as more zero bits and go on: TwelveMonkeys'
 * lossless WebP decoder catches each EOFException and decodes the next pixel, so 40 bytes whose
 * header declares 5000 x 5000 pixels kept a thread busy for minutes, an exception per pixel. The
 * first {@value #EOF_ALLOWED} reads at the end behave as usual (-1, or an EOFException from the
 * readFully kind), which is what a decoder that merely checks for the end sees; after that every
 * read throws an unchecked exception whose cause is an EOFException, which no decoder swallows and
 * which {@link ImageLoader} reports as a truncated picture.
 */
final class EndOfDataGuard extends ImageInputStreamImpl {
  /** Reads at the end allowed before the decoder is stopped: a well-behaved one needs a few. */
  static final int EOF_ALLOWED = 1024;

  private final ImageInputStream in;
  private int eofs;

  EndOfDataGuard(ImageInputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    int b = in.read();
    if (b < 0) {
      atEnd();
      return -1;
    }
    streamPos++;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    bitOffset = 0;
    int n = in.read(b, off, len);
    if (n < 0) {
      atEnd();
      return -1;
    }
    streamPos += n;
    return n;
  }

  private void atEnd() {
    if (++eofs > EOF_ALLOWED) {
      throw new UncheckedIOException(
          "its decoder kept reading past the end of the data", new EOFException());
    }
  }

  @Override
  public void seek(long pos) throws IOException {
    super.seek(pos);
    in.seek(pos);
  }

  @Override
  public long length() {
    try {
      return in.length();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void flushBefore(long pos) throws IOException {
    super.flushBefore(pos);
    in.flushBefore(pos);
  }
}
