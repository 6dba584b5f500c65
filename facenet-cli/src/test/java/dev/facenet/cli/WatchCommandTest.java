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

  private static String asText(com.google.gson.JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
