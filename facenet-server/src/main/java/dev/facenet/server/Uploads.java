package dev.facenet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Reads request bodies, raw or multipart, within a size limit and a slowest rate. Jetty has its own
 * slowest rate, but it counts from the body's first chunk to each later read by the handler: a body
 * of a few bytes whose handler read it again a few milliseconds later, as happens on a busy
 * machine, was refused as "too slow" though it had all arrived. Here the rate is the sender's:
 * bytes received against the time since reading began, less a second of grace. A sender that goes
 * silent is still Jetty's to cut off, at the idle timeout.
 *
 * <p>Thread-safe (immutable).
 */
final class Uploads {
  private static final long GRACE_NANOS = 1_000_000_000L;
  private static final int MAX_PARTS = 16;
  private static final long DRAIN_NANOS = 5_000_000_000L;

  private final long maxBytes;
  private final long minBytesPerSecond;

  Uploads(long maxBytes, long minBytesPerSecond) {
    this.maxBytes = maxBytes;
    this.minBytesPerSecond = minBytesPerSecond;
  }

  /** The whole body of a request whose declared length is {@code declared} (-1 when unknown). */
  byte[] read(InputStream in, long declared) {
    if (declared > maxBytes) {
      if (declared <= drainLimit()) {
        drain(in, declared);
      }
      throw tooLarge();
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 1 << 20)));
    byte[] buffer = new byte[64 * 1024];
    long started = System.nanoTime();
    long total = 0;
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          drain(in, drainLimit());
          throw tooLarge();
        }
        out.write(buffer, 0, n);
        long late = System.nanoTime() - started - GRACE_NANOS;
        if (minBytesPerSecond > 0 && late > 0 && total < minBytesPerSecond * late / 1e9) {
          throw new ApiError(
              408,
              "request_timeout",
              "the picture arrived too slowly (under " + minBytesPerSecond + " bytes/s)");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError a) {
        throw a;
      }
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof TimeoutException) {
          throw new ApiError(
              408, "request_timeout", "the upload stopped for longer than the idle timeout");
        }
        if (t instanceof org.eclipse.jetty.http.HttpException bad) {
          throw ApiError.badRequest("the request cannot be read: " + bad.getReason());
        }
      }
      // a connection closed or reset mid-body: nothing the server did
      throw ApiError.badRequest("the upload stopped before its end: " + root(e));
    }
    return out.toByteArray();
  }

  /** The files of the multipart form {@code body} in the fields named {@code field}, in order. */
  List<byte[]> formFields(byte[] body, String contentType, String field) {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw ApiError.badRequest("the multipart form has no boundary in its Content-Type");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxParts(MAX_PARTS);
    parser.setMaxLength(maxBytes);
    parser.setMaxMemoryFileSize(maxBytes); // the parts stay in memory: the body already is
    try (MultiPartFormData.Parts parts =
        parser.parse(new ByteBufferContentSource(ByteBuffer.wrap(body))).get()) {
      List<byte[]> files = new ArrayList<>();
      for (MultiPart.Part p : parts.getAll(field)) {
        files.add(BufferUtil.toArray(Content.Source.asByteBuffer(p.getContentSource())));
      }
      return files;
    } catch (ExecutionException | IOException e) {
      throw ApiError.badRequest("the multipart form cannot be read: " + root(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.badRequest("the multipart form was not read: the server is stopping");
    }
  }

  /**
   * Reads and drops up to {@code limit} more bytes of a body that is being refused, for a few
   * seconds at most. A server that answers and closes while the client is still sending makes the
   * client's system reset the connection, and the reset can throw the answer away before the client
   * reads it: the user sees "connection reset" instead of the 413 that says why. A body over {@link
   * #drainLimit()} is not waited for.
   */
  private static void drain(InputStream in, long limit) {
    byte[] buffer = new byte[64 * 1024];
    long deadline = System.nanoTime() + DRAIN_NANOS;
    long dropped = 0;
    try {
      for (int n;
          dropped < limit && System.nanoTime() < deadline && (n = in.read(buffer)) != -1; ) {
        dropped += n;
      }
    } catch (IOException | RuntimeException e) {
      // the refusal stands whatever happened to the rest of the body
    }
  }

  /** The most of a refused body read and dropped: twice the limit, 64 MiB at least. */
  private long drainLimit() {
    return Math.max(2 * maxBytes, 64L << 20);
  }

  private ApiError tooLarge() {
    return new ApiError(413, "too_large", "the body is over the limit of " + maxBytes + " bytes");
  }

  private static String root(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    return m.replace('\r', ' ').replace('\n', ' ');
  }
}
