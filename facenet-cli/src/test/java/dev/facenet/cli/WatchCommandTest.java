package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.video.VideoSource;
import dev.facenet.video.VideoWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facenet watch} on a door video made from real faces: events as JSON lines in order, the
 * summary last; {@code --name} opens the door (exit 0) or not (exit 1); {@code --out} writes the
 * video drawn; what is not a video is one line and exit code 2.
 */
class WatchCommandTest {
  @TempDir Path dir;
  private Path db;
  private Path video;

  @BeforeEach
  void door() throws Exception {
    db = dir.resolve("people.db");
    assertThat(Cli.run("enroll", "--db", db, "--name", "ann", Fixtures.yale(1, "normal")).code())
        .isZero();
    assertThat(Cli.run("enroll", "--db", db, "--name", "bob", Fixtures.yale(2, "normal")).code())
        .isZero();
    // 5 frames a second: no one for 1 s, ann for 2 s, no one for 1 s, bob for 2 s, no one for 1 s
    video = dir.resolve("door.mp4");
    BufferedImage ann = ImageIO.read(Fixtures.yale(1, "happy").toFile());
    BufferedImage bob = ImageIO.read(Fixtures.yale(2, "sleepy").toFile());
    try (VideoWriter w = VideoWriter.create(video, 640, 480, 5)) {
      for (BufferedImage face : new BufferedImage[] {null, ann, null, bob, null}) {
        for (int i = 0; i < (face == null ? 5 : 10); i++) {
          BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = frame.createGraphics();
          g.setColor(Color.GRAY);
          g.fillRect(0, 0, 640, 480);
          if (face != null) {
            g.drawImage(face, 160, 120, null);
          }
          g.dispose();
          w.write(frame);
        }
      }
    }
  }

  private static List<JsonObject> lines(Cli.Result r) {
    return r.outLines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
  }

  @Test
  void eventsAreJsonLinesInOrderThenTheSummary() {
    Path drawn = dir.resolve("drawn.mp4");
    Cli.Result r = Cli.run("watch", "--db", db, "--out", drawn, video);
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonObject> lines = lines(r);
    assertThat(lines.subList(0, lines.size() - 1))
        .extracting(j -> j.get("event").getAsString() + " " + j.get("track").getAsInt())
        .containsExactly(
            "appeared 1", "recognized 1", "left 1", "appeared 2", "recognized 2", "left 2");
    JsonObject annSeen = lines.get(1);
    assertThat(annSeen.get("name").getAsString()).isEqualTo("ann");
    assertThat(annSeen.get("t").getAsDouble()).isBetween(0.8, 1.4);
    assertThat(annSeen.get("distance").getAsDouble()).isLessThan(0.6);
    assertThat(annSeen.getAsJsonArray("box")).hasSize(4);
    assertThat(lines.get(4).get("name").getAsString()).isEqualTo("bob");
    JsonObject summary = lines.get(lines.size() - 1);
    assertThat(summary.get("event").getAsString()).isEqualTo("summary");
    assertThat(summary.get("frames").getAsInt()).isEqualTo(35);
    assertThat(summary.get("dropped").getAsInt()).isZero();
    assertThat(summary.getAsJsonArray("people")).hasSize(2);
    assertThat(summary.getAsJsonArray("people").get(0).getAsJsonObject().get("name").getAsString())
        .isEqualTo("ann");
    // the drawn video has every frame, at the size of the source
    try (VideoSource s = VideoSource.open(drawn.toString())) {
      assertThat(s.width()).isEqualTo(640);
      assertThat(s.frameRate()).isEqualTo(5.0); // the source's own
      int n = 0;
      while (s.next() != null) {
        n++;
      }
      assertThat(n).isEqualTo(35);
    }
  }

  @Test
  void theDoorOpensForTheNameAskedForAndOnlyForThem() {
    Cli.Result open = Cli.run("watch", "--db", db, "--name", "ann", video);
    assertThat(open.code()).as(open.toString()).isZero();
    List<JsonObject> lines = lines(open);
    // stopped at ann: bob never came
    assertThat(lines).noneMatch(j -> j.has("name") && "bob".equals(asText(j.get("name"))));
    assertThat(lines.get(lines.size() - 1).get("frames").getAsInt()).isLessThan(35);

    Cli.Result shut = Cli.run("watch", "--db", db, "--name", "carol", video);
    assertThat(shut.code()).as(shut.toString()).isEqualTo(1);
  }

  @Test
  void whatIsNotAVideoIsOneLineAndExitCode2() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.mp4"), "no frames here\n");
    Cli.Result r = Cli.run("watch", "--db", db, notes);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("facenet: " + notes + ": not a video FFmpeg can read (");
    assertThat(r.out()).isEmpty();
    Cli.Result every = Cli.run("watch", "--db", db, "--every", "0", video);
    assertThat(every.code()).isEqualTo(2);
    assertThat(every.errLines()).singleElement().asString().startsWith("facenet: ");
  }

  /**
   * Ctrl-C on a live stream: the watch ends after its frame, with the summary line, and the process
   * exits as interrupted.
   */
  @Test
  void ctrlCEndsALiveWatchWithTheSummary() throws Exception {
    // the door video as a camera's stream over raw TCP: sent at its own pace, then the camera
    // stays connected and silent, as a live camera between frames
    Path ts = dir.resolve("door.ts");
    try (VideoSource in = VideoSource.open(video.toString());
        VideoWriter w = VideoWriter.create(ts, 640, 480, 5)) {
      dev.facenet.video.VideoFrame f;
      while ((f = in.next()) != null) {
        w.write(f.image());
      }
    }
    byte[] bytes = Files.readAllBytes(ts);
    java.net.ServerSocket camera =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    Thread sender =
        new Thread(
            () -> {
              try (java.net.Socket s = camera.accept()) {
                int step = (bytes.length + 34) / 35;
                for (int from = 0; from < bytes.length; from += step) {
                  s.getOutputStream().write(bytes, from, Math.min(step, bytes.length - from));
                  s.getOutputStream().flush();
                  Thread.sleep(200);
                }
                Thread.sleep(60_000);
              } catch (java.io.IOException | InterruptedException e) {
                // the watch went away, or the test ended
              }
            });
    sender.setDaemon(true);
    sender.start();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("watch.out");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-Dfacenet.package=" + System.getProperty("facenet.package"),
                Main.class.getName(),
                "watch",
                "--db",
                db.toString(),
                "tcp://127.0.0.1:" + camera.getLocalPort())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("watch.err").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process child = pb.start();
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!Files.readString(out).contains("\"recognized\"")) {
        assertThat(child.isAlive()).as(Files.readString(dir.resolve("watch.err"))).isTrue();
        assertThat(System.nanoTime()).as("ann recognised in time").isLessThan(deadline);
        Thread.sleep(200);
      }
      new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("ended after Ctrl-C").isTrue();
      assertThat(child.exitValue()).isEqualTo(130); // interrupted, as the shell says it
      List<String> lines = Files.readAllLines(out);
      JsonObject summary = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
      assertThat(summary.get("event").getAsString()).isEqualTo("summary");
      assertThat(
              summary.getAsJsonArray("people").get(0).getAsJsonObject().get("name").getAsString())
          .isEqualTo("ann");
    } finally {
      child.destroyForcibly();
      camera.close();
    }
  }

  private static String asText(com.google.gson.JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
