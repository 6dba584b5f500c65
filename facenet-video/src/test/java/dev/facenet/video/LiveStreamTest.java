package dev.facenet.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream over HTTP on loopback, read as a live source: on its own thread, frames dropped when the
 * work falls behind (and counted), the watch ending when the stream ends; a stream that breaks off
 * and cannot be opened again ends the watch with one line after the reconnections allowed.
 */
class LiveStreamTest {
  @TempDir static Path dir;
  static FaceNet faces;
  static byte[] video;

  @BeforeAll
  static void setUp() throws Exception {
    faces = FaceNet.builder().gallery(dir.resolve("people.db")).build();
    faces.enroll("ann", TestVideos.yale("subject01", "normal"));
    Path ts =
        TestVideos.write(
            dir.resolve("door.ts"),
            5,
            List.of(
                TestVideos.Scene.empty(1),
                TestVideos.Scene.of(TestVideos.yale("subject01", "happy"), 4),
                TestVideos.Scene.empty(1)));
    video = Files.readAllBytes(ts);
  }

  @AfterAll
  static void close() {
    faces.close();
  }

  /** How the test server sends the video. */
  enum Sending {
    /** As a camera would: a thirtieth of the bytes every 200 ms, the video's own pace. */
    PACED,
    /** All at once: far faster than faces can be searched. */
    AT_ONCE,
  }

  private static HttpServer serve(Sending how) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/door.ts",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
          exchange.sendResponseHeaders(200, video.length);
          try (OutputStream out = exchange.getResponseBody()) {
            switch (how) {
              case AT_ONCE -> out.write(video);
              case PACED -> {
                int step = (video.length + 29) / 30;
                for (int from = 0; from < video.length; from += step) {
                  out.write(video, from, Math.min(step, video.length - from));
                  out.flush();
                  Thread.sleep(200);
                }
              }
            }
          } catch (java.io.IOException | InterruptedException gone) {
            // the client went away
          }
        });
    server.start();
    return server;
  }

  private static WatchSummary watch(HttpServer server, List<WatchEvent> events) {
    return new Watcher(faces, WatchOptions.defaults(), events::add)
        .watch("http://127.0.0.1:" + server.getAddress().getPort() + "/door.ts", () -> false);
  }

  @Test
  void aStreamAtItsOwnPaceIsWatchedToItsEnd() throws Exception {
    HttpServer server = serve(Sending.PACED);
    try {
      List<WatchEvent> events = new ArrayList<>();
      WatchSummary s = watch(server, events);
      assertThat(s.framesRead() + s.framesDropped()).isEqualTo(30); // every frame, taken or dropped
      assertThat(s.reconnects()).isZero();
      assertThat(events)
          .filteredOn(e -> e.event() == WatchEvent.Kind.RECOGNIZED)
          .extracting(WatchEvent::name)
          .containsExactly("ann");
      assertThat(s.videoSeconds()).isGreaterThan(3); // timed as it came, not as fast as it decoded
    } finally {
      server.stop(0);
    }
  }

  @Test
  void framesComingFasterThanTheWorkAreDroppedAndCounted() throws Exception {
    HttpServer server = serve(Sending.AT_ONCE);
    try {
      WatchSummary s = watch(server, new ArrayList<>());
      assertThat(s.framesRead() + s.framesDropped()).isEqualTo(30);
      assertThat(s.framesDropped()).isPositive();
    } finally {
      server.stop(0);
    }
  }

  /**
   * A camera's stream over raw TCP that sends half the video and hangs up, its server gone after:
   * opened again twice with back-off, then one line.
   */
  @Test
  void aCameraStreamThatBreaksOffAndStaysAwayEndsTheWatchWithOneLine() throws Exception {
    java.net.ServerSocket camera =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    String url = "tcp://127.0.0.1:" + camera.getLocalPort();
    Thread sender =
        new Thread(
            () -> {
              try (java.net.Socket s = camera.accept()) {
                s.getOutputStream().write(video, 0, video.length / 2);
                s.getOutputStream().flush();
                Thread.sleep(1500); // the first half is watched
              } catch (java.io.IOException | InterruptedException e) {
                // the test ends either way
              } finally {
                try {
                  camera.close(); // gone: every reconnection is refused
                } catch (java.io.IOException ignored) {
                  // closed already
                }
              }
            });
    sender.start();
    List<WatchEvent> events = new ArrayList<>();
    Watcher w = new Watcher(faces, WatchOptions.defaults().withReconnects(2), events::add);
    long start = System.nanoTime();
    assertThatThrownBy(() -> w.watch(url, () -> false))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(url + ": the stream broke off and could not be opened again (2 attempts)");
    sender.join();
    // the first half was watched: ann came before the stream broke off
    assertThat(events).extracting(WatchEvent::name).contains("ann");
    // 0.5 + 1 + 2 s between the attempts: well under the default's minute
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
  }
}
