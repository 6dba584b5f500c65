package dev.facenet.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facenet.FaceNet;
import dev.facenet.common.FaceNetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching a video made from real faces: two Yale people enrolled from one picture each, a video in
 * which each of them is shown (another picture of them, the second one walking across), with no one
 * before, between and after. The events come in order, at the frames where they happen, each face
 * recognised once as the right person.
 */
class WatcherTest {
  static final double FPS = 5;
  @TempDir static Path dir;
  static FaceNet faces;

  @BeforeAll
  static void enrol() {
    faces = FaceNet.builder().gallery(dir.resolve("people.db")).build();
    faces.enroll("ann", TestVideos.yale("subject01", "normal"));
    faces.enroll("bob", TestVideos.yale("subject02", "normal"));
  }

  @AfterAll
  static void close() {
    faces.close();
  }

  private static Path doorVideo() {
    Path file = dir.resolve("door.mp4");
    if (!Files.exists(file)) {
      TestVideos.write(
          file,
          FPS,
          List.of(
              TestVideos.Scene.empty(1),
              TestVideos.Scene.of(TestVideos.yale("subject01", "happy"), 2),
              TestVideos.Scene.empty(1),
              new TestVideos.Scene(TestVideos.yale("subject02", "sleepy"), 2, 12),
              TestVideos.Scene.empty(1)));
    }
    return file;
  }

  private static List<WatchEvent> watch(
      Path video, WatchOptions options, List<Integer> framesSeen) {
    List<WatchEvent> events = new ArrayList<>();
    WatchSummary s =
        new Watcher(
                faces,
                options,
                new Watcher.Listener() {
                  @Override
                  public void event(WatchEvent e) {
                    events.add(e);
                  }

                  @Override
                  public void frame(VideoFrame f, List<Watcher.Shown> shown) {
                    framesSeen.add(shown.size());
                  }
                })
            .watch(video.toString(), () -> false);
    assertThat(s.framesRead()).isEqualTo(35);
    assertThat(s.framesDropped()).isZero();
    assertThat(s.people()).extracting(WatchSummary.Seen::name).containsExactly("ann", "bob");
    assertThat(s.people().get(0).from()).isCloseTo(1.0, within(2 / FPS));
    assertThat(s.people().get(0).to()).isCloseTo(2.8, within(2 / FPS));
    assertThat(s.people().get(1).from()).isCloseTo(4.0, within(2 / FPS));
    assertThat(s.people().get(1).tracks()).isEqualTo(1); // followed across the frame as one face
    assertThat(s.videoSeconds()).isCloseTo(6.8, within(0.01));
    return events;
  }

  @Test
  void eachPersonAppearsIsRecognisedOnceAndLeavesAtTheRightTime() {
    List<Integer> shown = new ArrayList<>();
    List<WatchEvent> events = watch(doorVideo(), WatchOptions.defaults(), shown);
    assertThat(events)
        .extracting(e -> e.event() + " " + e.track() + " " + e.name())
        .containsExactly(
            "APPEARED 1 null",
            "RECOGNIZED 1 ann",
            "LEFT 1 ann",
            "APPEARED 2 null",
            "RECOGNIZED 2 bob",
            "LEFT 2 bob");
    double[] expected = {1.0, 1.0, 3.0, 4.0, 4.0, 6.0};
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).t()).as("%s", events.get(i)).isCloseTo(expected[i], within(2 / FPS));
    }
    assertThat(events.get(1).distance()).isLessThan(0.6);
    assertThat(events.get(4).distance()).isLessThan(0.6);
    // bob walks right: his box at leaving is to the right of where he came in
    assertThat(events.get(5).box().x()).isGreaterThan(events.get(3).box().x() + 50);
    assertThat(shown).hasSize(35);
    assertThat(shown.subList(0, 5)).containsOnly(0);
    assertThat(shown.subList(6, 14)).containsOnly(1);
  }

  @Test
  void lookingAtEveryThirdFrameFindsTheSamePeople() {
    List<WatchEvent> events =
        watch(doorVideo(), WatchOptions.defaults().withEvery(3), new ArrayList<>());
    assertThat(events)
        .filteredOn(e -> e.event() == WatchEvent.Kind.RECOGNIZED)
        .extracting(WatchEvent::name)
        .containsExactly("ann", "bob");
    assertThat(events.get(0).t()).isCloseTo(1.0, within(3 / FPS));
  }

  @Test
  void whatIsNotAVideoIsOneLine() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "these are not frames\n");
    Watcher w = new Watcher(faces, WatchOptions.defaults(), e -> {});
    assertThatThrownBy(() -> w.watch(text.toString(), () -> false))
        .isInstanceOf(FaceNetException.class)
        .hasMessageStartingWith(text + ": not a video FFmpeg can read (")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> w.watch(dir.resolve("missing.mp4").toString(), () -> false))
        .isInstanceOf(FaceNetException.class)
        .hasMessage(dir.resolve("missing.mp4") + ": no such file");
    // cut off part way: its index (at the end of an MP4) is missing
    byte[] whole = Files.readAllBytes(doorVideo());
    Path cut =
        Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> w.watch(cut.toString(), () -> false))
        .isInstanceOf(FaceNetException.class)
        .hasMessageStartingWith(cut + ": ")
        .hasMessageNotContaining("\n");
    // nothing listens there: refused at once, with the reason
    assertThatThrownBy(() -> w.watch("rtsp://127.0.0.1:9/door", () -> false))
        .isInstanceOf(FaceNetException.class)
        .hasMessageStartingWith("rtsp://127.0.0.1:9/door: cannot open the stream (");
  }
}
