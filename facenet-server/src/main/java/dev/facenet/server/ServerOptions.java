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
 */
public record ServerOptions(
    String host, int port, long maxBodyBytes, int maxFaces, int maxConcurrent, int maxWaiting) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  /** 32 MB: a 24 MP JPEG of the best quality, or two large photos in one form. */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

  public static final int DEFAULT_MAX_FACES = 100;

  public ServerOptions {
    if (host == null || host.isBlank()) {
      throw new FaceNetException("the host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new FaceNetException("the port must be 0..65535, got " + port);
    }
    if (maxBodyBytes < 1 || maxFaces < 1 || maxConcurrent < 1 || maxWaiting < 0) {
      throw new FaceNetException(
          "server limits must be positive (body "
              + maxBodyBytes
              + " bytes, "
              + maxFaces
              + " faces, "
              + maxConcurrent
              + " pictures at once, "
              + maxWaiting
              + " waiting)");
    }
  }

  /** The defaults on {@code port}: pictures in flight, one per core (at least two). */
  public static ServerOptions defaults(int port) {
    int cores = Runtime.getRuntime().availableProcessors();
    int concurrent = Math.max(2, cores);
    return new ServerOptions(
        DEFAULT_HOST, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_FACES, concurrent, 8 * concurrent);
  }

  public ServerOptions withHost(String newHost) {
    return new ServerOptions(newHost, port, maxBodyBytes, maxFaces, maxConcurrent, maxWaiting);
  }

  public ServerOptions withMaxBodyBytes(long bytes) {
    return new ServerOptions(host, port, bytes, maxFaces, maxConcurrent, maxWaiting);
  }

  public ServerOptions withMaxFaces(int faces) {
    return new ServerOptions(host, port, maxBodyBytes, faces, maxConcurrent, maxWaiting);
  }

  public ServerOptions withQueue(int concurrent, int waiting) {
    return new ServerOptions(host, port, maxBodyBytes, maxFaces, concurrent, waiting);
  }
}
