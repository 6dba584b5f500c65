package dev.facenet.server;

import dev.facenet.common.FaceNetException;

/**
 * Where the service listens and the limits that protect the machine it runs on.
 *
 * @param host the address to bind ({@code 127.0.0.1} by default: reachable from this machine only)
 * @param port the port, 0 for any free one
 * @param maxBodyBytes largest request body accepted (a picture, or a multipart form of two)
 * @param maxFaces most faces answered for one picture; a picture with more is refused
 * @param maxConcurrent pictures worked on at once (each holds its decoded pixels in memory)
 * @param maxWaiting requests that may wait for a turn; beyond that the answer is 503 at once
 * @param bodyBudgetBytes request bodies held in memory at once, all requests together (each counts
 *     with its declared length, or the largest body when it declares none); beyond that the answer
 *     is 503 at once
 * @param idleTimeoutMs how long a connection may send nothing before it is closed
 * @param minUploadBytesPerSecond slowest a body may arrive; a client that trickles is cut off
 */
public record ServerOptions(
    String host,
    int port,
    long maxBodyBytes,
    int maxFaces,
    int maxConcurrent,
    int maxWaiting,
    long bodyBudgetBytes,
    long idleTimeoutMs,
    long minUploadBytesPerSecond) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  /** 32 MB: a 24 MP JPEG of the best quality, or two large photos in one form. */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

  public static final int DEFAULT_MAX_FACES = 100;

  /** 30 s: a phone on a poor network pauses for seconds, not for half a minute. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;

  /** 8 KB/s: a 3 MB photo in six minutes, slower than any working mobile link. */
  public static final long DEFAULT_MIN_UPLOAD_RATE = 8 * 1024;

  public ServerOptions {
    if (host == null || host.isBlank()) {
      throw new FaceNetException("the host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new FaceNetException("the port must be 0..65535, got " + port);
    }
    if (maxBodyBytes < 1
        || maxFaces < 1
        || maxConcurrent < 1
        || maxWaiting < 0
        || bodyBudgetBytes < maxBodyBytes
        || idleTimeoutMs < 1
        || minUploadBytesPerSecond < 0) {
      throw new FaceNetException(
          "server limits must be positive (body "
              + maxBodyBytes
              + " bytes, "
              + maxFaces
              + " faces, "
              + maxConcurrent
              + " pictures at once, "
              + maxWaiting
              + " waiting, "
              + bodyBudgetBytes
              + " bytes of bodies at least one body, "
              + idleTimeoutMs
              + " ms idle)");
    }
  }

  /**
   * The defaults on {@code port}: pictures in flight, one per core (at least two); bodies in memory
   * up to four of the largest.
   */
  public static ServerOptions defaults(int port) {
    int cores = Runtime.getRuntime().availableProcessors();
    int concurrent = Math.max(2, cores);
    return new ServerOptions(
        DEFAULT_HOST,
        port,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_FACES,
        concurrent,
        8 * concurrent,
        4 * DEFAULT_MAX_BODY_BYTES,
        DEFAULT_IDLE_TIMEOUT_MS,
        DEFAULT_MIN_UPLOAD_RATE);
  }

  public ServerOptions withHost(String newHost) {
    return new ServerOptions(
        newHost,
        port,
        maxBodyBytes,
        maxFaces,
        maxConcurrent,
        maxWaiting,
        bodyBudgetBytes,
        idleTimeoutMs,
        minUploadBytesPerSecond);
  }

  /** A new largest body; the budget stays four of them. */
  public ServerOptions withMaxBodyBytes(long bytes) {
    return new ServerOptions(
        host,
        port,
        bytes,
        maxFaces,
        maxConcurrent,
        maxWaiting,
        Math.max(1, bytes) * 4,
        idleTimeoutMs,
        minUploadBytesPerSecond);
  }

  public ServerOptions withMaxFaces(int faces) {
    return new ServerOptions(
        host,
        port,
        maxBodyBytes,
        faces,
        maxConcurrent,
        maxWaiting,
        bodyBudgetBytes,
        idleTimeoutMs,
        minUploadBytesPerSecond);
  }

  public ServerOptions withQueue(int concurrent, int waiting) {
    return new ServerOptions(
        host,
        port,
        maxBodyBytes,
        maxFaces,
        concurrent,
        waiting,
        bodyBudgetBytes,
        idleTimeoutMs,
        minUploadBytesPerSecond);
  }

  /** How long a silent connection lives, and the slowest upload accepted. */
  public ServerOptions withSlowClients(long idleMs, long minBytesPerSecond) {
    return new ServerOptions(
        host,
        port,
        maxBodyBytes,
        maxFaces,
        maxConcurrent,
        maxWaiting,
        bodyBudgetBytes,
        idleMs,
        minBytesPerSecond);
  }
}
