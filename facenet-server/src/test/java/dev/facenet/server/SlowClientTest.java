package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.FaceNet;
import dev.facenet.common.KeyRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send slowly, or stop sending, hold no turn of the pictures' work: the others are
 * answered meanwhile, a silent connection is closed after the idle timeout, one that trickles below
 * the slowest accepted rate is cut off, and nothing they meant to enrol is stored.
 */
class SlowClientTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");

  @TempDir static Path dir;
  static FaceNet faces;
  static String key;

  @BeforeAll
  static void open() {
    faces = FaceNet.builder().gallery(dir.resolve("slow.db")).build();
    key = faces.keys().create(KeyRole.ADMIN, "slow test").text();
  }

  @AfterAll
  static void close() {
    faces.close();
  }

  @Test
  void aStalledUploadHoldsNoTurnOfThePicturesWork() throws Exception {
    // one picture in work at a time, and a silent connection lives a minute: were the body read in
    // the turn, the second client would wait for that minute
    ServerOptions options = ServerOptions.defaults(0).withQueue(1, 4).withSlowClients(60_000, 0);
    try (FaceServer server = FaceServer.start(faces, options);
        Socket stalled = startUpload(server, "/v1/people/stalled/faces", 200_000)) {
      HttpResponse<String> other = detect(server);
      assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
      assertThat(stalled.isClosed()).isFalse();
    }
    assertThat(faces.people()).isEmpty();
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    ServerOptions options = ServerOptions.defaults(0).withSlowClients(1_000, 0);
    try (FaceServer server = FaceServer.start(faces, options);
        Socket stalled = startUpload(server, "/v1/people/silent/faces", 200_000)) {
      String answer = readUntilClosed(stalled);
      // Jetty answers 408 or 500 for a body that stopped, or just closes; never a 2xx
      assertThat(answer).doesNotStartWith("HTTP/1.1 2");
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
    }
    assertThat(faces.people()).isEmpty();
  }

  @Test
  void anUploadThatTricklesIsCutOff() throws Exception {
    // connection kept alive by a byte every 200 ms, but at 5 bytes/s, far under the 1 KB/s floor
    ServerOptions options = ServerOptions.defaults(0).withSlowClients(30_000, 1024);
    try (FaceServer server = FaceServer.start(faces, options);
        Socket trickle = startUpload(server, "/v1/people/trickle/faces", 200_000)) {
      OutputStream out = trickle.getOutputStream();
      boolean cut = false;
      for (int i = 0; i < 300 && !cut; i++) { // at most a minute
        try {
          out.write(0);
          out.flush();
          Thread.sleep(200);
          cut = trickle.getInputStream().available() > 0;
        } catch (IOException e) {
          cut = true; // the server closed it
        }
      }
      assertThat(cut).as("the server cut the trickling upload off").isTrue();
      String answer = readUntilClosed(trickle);
      if (!answer.isEmpty()) { // the answer, when the socket still carried it
        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
      }
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
    }
    assertThat(faces.people()).isEmpty();
  }

  @Test
  void aSmallPictureSentInPiecesIsReadNotCalledTooSlow() throws Exception {
    // 3.3 KB in three pieces 400 ms apart: under the 8 KB/s floor for less than a second, which
    // Jetty's own rate (counted from the first piece) refused, and which any phone may do
    byte[] picture = Files.readAllBytes(SEED.resolve("kevin.jpg"));
    try (FaceServer server = FaceServer.start(faces, ServerOptions.defaults(0));
        Socket upload = startUpload(server, "/v1/detect", picture.length)) {
      OutputStream out = upload.getOutputStream();
      Thread.sleep(400);
      out.write(picture, 1000, 1000);
      out.flush();
      Thread.sleep(400);
      out.write(picture, 2000, picture.length - 2000);
      out.flush();
      upload.shutdownOutput();
      String answer = readUntilClosed(upload);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"faces\":[{");
    }
  }

  @Test
  void uploadsBeyondTheBodyBudgetAreRefusedAtOnceWithRetryAfter() throws Exception {
    // bodies up to 300 KB, so four of them fill the budget: four uploads that declare that much and
    // stall (for up to a minute) hold it all
    ServerOptions options =
        ServerOptions.defaults(0).withMaxBodyBytes(300_000).withSlowClients(60_000, 0);
    try (FaceServer server = FaceServer.start(faces, options)) {
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          stalled.add(startUpload(server, "/v1/detect", 300_000));
        }
        // wait until the server reads all four (they were only sent): a request probing sooner
        // could take budget before one of them and leave it refused instead
        String full = "facenet_bodies_held_bytes " + 4 * 293 * 1024; // 300 KB in whole kilobytes
        String metrics = get(server, "/metrics").body();
        for (int i = 0; !metrics.contains(full) && i < 100; i++) {
          Thread.sleep(100);
          metrics = get(server, "/metrics").body();
        }
        assertThat(metrics).as("the four stalled uploads hold the whole budget").contains(full);
        HttpResponse<String> refused = detect(server);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("\"error\":\"busy\"");
        assertThat(get(server, "/healthz").statusCode()).isEqualTo(200); // holds no body
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
      // the budget comes back as the broken uploads end
      HttpResponse<String> again = detect(server);
      for (int i = 0; again.statusCode() == 503 && i < 100; i++) {
        Thread.sleep(100);
        again = detect(server);
      }
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }
  }

  /**
   * A detect request with the admin key. It gives up after 40 s: held behind a stalled upload's
   * minute, it fails, with 20 s to spare.
   */
  private static HttpResponse<String> detect(FaceServer server) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/detect"))
                .timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "image/jpeg")
                .POST(BodyPublishers.ofFile(SEED.resolve("kevin.jpg")))
                .build(),
            BodyHandlers.ofString());
  }

  /** A socket that sent an upload's headers and its first bytes, then nothing more. */
  private static Socket startUpload(FaceServer server, String path, int declared)
      throws IOException {
    URI at = URI.create(server.url());
    Socket s = new Socket(at.getHost(), at.getPort());
    s.setSoTimeout(60_000); // a guard against a hang, not a measure
    byte[] picture = Files.readAllBytes(SEED.resolve("kevin.jpg"));
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + at.getHost()
            + "\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
            + declared
            + "\r\n\r\n";
    OutputStream out = s.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(picture, 0, 1000);
    out.flush();
    return s;
  }

  private static String readUntilClosed(Socket s) throws IOException {
    StringBuilder got = new StringBuilder();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a silent connection for a minute", e);
    } catch (IOException reset) {
      // closed with a reset: closed all the same
    }
    return got.toString();
  }

  private static HttpResponse<String> get(FaceServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
            BodyHandlers.ofString());
  }
}
