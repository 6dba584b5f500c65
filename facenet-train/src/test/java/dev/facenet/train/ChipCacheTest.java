package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.align.FaceAligner;
import dev.facenet.pipeline.FaceFinder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chips kept on disk between runs, on real ORL pictures: a second read takes every chip from
 * the cache without cutting any (byte for byte the same chips and the same skipped, unreadable and
 * fallback lists), a changed picture is cut again, a damaged or foreign file is ignored with a
 * warning, and a resumed or second training run reads the chips the first one cut.
 */
class ChipCacheTest {
  @TempDir Path tmp;

  /** The real chip maker, with its calls counted. */
  static class Counting implements ChipMaker {
    final ChipMaker real;
    int calls;

    Counting(ChipMaker real) {
      this.real = real;
    }

    @Override
    public String crop() {
      return real.crop();
    }

    @Override
    public Cut cut(BufferedImage picture, int size) {
      calls++;
      return real.cut(picture, size);
    }
  }

  @Test
  void aSecondReadOfAlignedChipsCutsNothingAndGivesTheSameChipsAndLists() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 2);
    // A faceless grey card (a whole-picture fallback), a text file (unreadable) and a person with
    // one picture (skipped).
    Fixtures.greyCard(data.resolve("s2/blank.png"));
    Files.writeString(data.resolve("s1/notes.pgm"), "this is not a picture");
    Files.copy(
        Fixtures.orl().resolve("s3/1.pgm"),
        Files.createDirectories(data.resolve("lonely")).resolve("1.pgm"));
    Path file = tmp.resolve("run/" + ChipCache.FILE);

    List<String> warn1 = new ArrayList<>();
    List<String> warn2 = new ArrayList<>();
    ChipSet first;
    ChipSet second;
    Counting maker1;
    Counting maker2;
    ChipCache cache2;
    try (FaceFinder finder = new FaceFinder()) {
      maker1 = new Counting(ChipMaker.aligned(finder, FaceAligner.dlibChip96()));
      first =
          ChipSet.read(
              data,
              maker1,
              96,
              warn1::add,
              ChipCache.open(file, data, maker1.crop(), 96, warn1::add));
      maker2 = new Counting(ChipMaker.aligned(finder, FaceAligner.dlibChip96()));
      cache2 = ChipCache.open(file, data, maker2.crop(), 96, warn2::add);
      second = ChipSet.read(data, maker2, 96, warn2::add, cache2);
    }
    assertThat(maker1.calls).isEqualTo(6);
    assertThat(file).isRegularFile();
    assertThat(maker2.calls).isZero();
    assertThat(cache2.stored()).isEqualTo(6);
    assertThat(cache2.hits()).isEqualTo(6);
    assertThat(cache2.cuts()).isZero();
    assertThat(second.crop()).isEqualTo(first.crop()).isEqualTo("dlib-chip-96");
    assertSameChips(second, first);
    assertThat(first.wholePictures()).containsExactly(data.resolve("s2/blank.png"));
    assertThat(first.unreadable()).containsExactly(data.resolve("s1/notes.pgm"));
    assertThat(first.skippedPeople()).containsExactly("lonely");
    assertThat(second.wholePictures()).isEqualTo(first.wholePictures());
    assertThat(second.unreadable()).isEqualTo(first.unreadable());
    assertThat(second.skippedPeople()).isEqualTo(first.skippedPeople());
    assertThat(warn1).hasSize(3);
    assertThat(warn2).isEqualTo(warn1);
  }

  @Test
  void aChangedPictureIsCutAgainAndAPictureOnlyTouchedIsNot() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 3, 3);
    Path file = tmp.resolve(ChipCache.FILE);
    Counting maker = new Counting(ChipMaker.wholeImage());
    ChipSet before =
        ChipSet.read(
            data, maker, 96, w -> {}, ChipCache.open(file, data, maker.crop(), 96, w -> {}));
    assertThat(maker.calls).isEqualTo(9);

    // Same size, same modification time, other bytes: only the content tells them apart.
    Path changed = data.resolve("s1/2.pgm");
    FileTime time = Files.getLastModifiedTime(changed);
    Files.copy(
        Fixtures.orl().resolve("s9/2.pgm"),
        changed,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(changed, time);
    assertThat(Files.size(changed)).isEqualTo(Files.size(Fixtures.orl().resolve("s1/2.pgm")));
    // A new modification time on the same bytes: the same chip.
    Path touched = data.resolve("s2/3.pgm");
    Files.setLastModifiedTime(
        touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 60_000));

    maker.calls = 0;
    List<String> warnings = new ArrayList<>();
    ChipCache cache = ChipCache.open(file, data, maker.crop(), 96, warnings::add);
    ChipSet after = ChipSet.read(data, maker, 96, warnings::add, cache);
    assertThat(warnings).isEmpty();
    assertThat(maker.calls).isEqualTo(1);
    assertThat(cache.cuts()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(8);
    ChipSet fresh = ChipSet.read(data, ChipMaker.wholeImage(), 96, w -> {});
    assertSameChips(after, fresh);
    assertThat(Arrays.equals(chip(after, 0, 1), chip(before, 0, 1))).isFalse();

    // The cache now holds the new chip; a picture removed from the data is dropped from it.
    Files.delete(data.resolve("s3/3.pgm"));
    maker.calls = 0;
    ChipSet third =
        ChipSet.read(
            data, maker, 96, w -> {}, ChipCache.open(file, data, maker.crop(), 96, w -> {}));
    assertThat(maker.calls).isZero();
    assertThat(third.chipCount()).isEqualTo(8);
    assertThat(ChipCache.open(file, data, maker.crop(), 96, w -> {}).stored()).isEqualTo(8);
  }

  @Test
  void aCacheOfAnotherCropOrSizeIsIgnoredWithAWarningAndRebuilt() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 2);
    Path file = tmp.resolve(ChipCache.FILE);
    ChipSet.read(
        data,
        ChipMaker.wholeImage(),
        96,
        w -> {},
        ChipCache.open(file, data, "whole-image", 96, w -> {}));
    Counting maker = new Counting(ChipMaker.wholeImage());
    List<String> warnings = new ArrayList<>();
    ChipSet small =
        ChipSet.read(
            data,
            maker,
            64,
            warnings::add,
            ChipCache.open(file, data, maker.crop(), 64, warnings::add));
    assertThat(maker.calls).isEqualTo(4);
    assertThat(small.identities().get(0).chips().get(0).pixels()).hasSize(3 * 64 * 64);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("ignored the chip cache")
        .contains("96 px");
    warnings.clear();
    ChipCache.open(file, data, "dlib-chip-64", 64, warnings::add);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("whole-image at 64 px")
        .contains("dlib-chip-64");
    warnings.clear();
    assertThat(ChipCache.open(file, data, maker.crop(), 64, warnings::add).stored()).isEqualTo(4);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aDamagedTruncatedOrForeignCacheIsIgnoredWithAWarningAndRebuilt() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 3);
    Path file = tmp.resolve(ChipCache.FILE);
    ChipSet reference = ChipSet.read(data, ChipMaker.wholeImage(), 96, w -> {});
    ChipSet.read(
        data,
        ChipMaker.wholeImage(),
        96,
        w -> {},
        ChipCache.open(file, data, "whole-image", 96, w -> {}));
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    assertRebuilt(data, file, flipped, "checksum", reference);
    assertRebuilt(data, file, Arrays.copyOf(good, good.length / 2), "truncated", reference);
    assertRebuilt(data, file, Arrays.copyOf(good, 30), "damaged or truncated", reference);
    assertRebuilt(data, file, new byte[0], "not a chip cache", reference);
    assertRebuilt(
        data, file, "P5\n92 112\n255\n garbage".getBytes(), "not a chip cache", reference);
    byte[] longer = Arrays.copyOf(good, good.length + 5);
    assertRebuilt(data, file, longer, "after the checksum", reference);
    assertThat(Files.readAllBytes(file)).isEqualTo(good);
  }

  @Test
  void aSaveRemovesTheTemporaryFileOfAWriterThatWasKilledButNotThoseOfLiveWriters()
      throws Exception {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 2);
    Path file = tmp.resolve(ChipCache.FILE);
    // A process that has ended stands for a run killed mid-save: its temporary file was never
    // renamed.
    Process gone =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .start();
    gone.getInputStream().readAllBytes();
    gone.waitFor();
    Path abandoned =
        Files.writeString(
            tmp.resolve(ChipCache.FILE + "." + gone.pid() + "-123.tmp"), "half a cache");
    Path live =
        Files.writeString(
            tmp.resolve(ChipCache.FILE + "." + ProcessHandle.current().pid() + "-456.tmp"),
            "in progress");
    Path foreign = Files.writeString(tmp.resolve(ChipCache.FILE + ".backup.tmp"), "someone else's");

    ChipSet.read(
        data,
        ChipMaker.wholeImage(),
        96,
        w -> {},
        ChipCache.open(file, data, "whole-image", 96, w -> {}));

    assertThat(abandoned).doesNotExist();
    assertThat(live).exists();
    assertThat(foreign).exists();
    assertThat(ChipCache.open(file, data, "whole-image", 96, w -> {}).stored()).isEqualTo(4);
  }

  @Test
  void aCacheThatCannotBeWrittenIsAWarningNotAFailure() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 2, 2);
    Path notAFolder =
        Files.writeString(tmp.resolve("plain-file"), "a file where the cache's folder should be");
    Path file = notAFolder.resolve(ChipCache.FILE);
    List<String> warnings = new ArrayList<>();
    ChipSet set =
        ChipSet.read(
            data,
            ChipMaker.wholeImage(),
            96,
            warnings::add,
            ChipCache.open(file, data, "whole-image", 96, warnings::add));
    assertThat(set.chipCount()).isEqualTo(4);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("could not write the chip cache " + file);
    assertThat(Files.readString(notAFolder)).startsWith("a file where");
  }

  private void assertRebuilt(Path data, Path file, byte[] content, String why, ChipSet reference)
      throws IOException {
    Files.write(file, content);
    Counting maker = new Counting(ChipMaker.wholeImage());
    List<String> warnings = new ArrayList<>();
    ChipSet set =
        ChipSet.read(
            data,
            maker,
            96,
            warnings::add,
            ChipCache.open(file, data, maker.crop(), 96, warnings::add));
    assertThat(warnings)
        .as(why)
        .singleElement()
        .asString()
        .startsWith("ignored the chip cache")
        .contains(why);
    assertThat(maker.calls).isEqualTo(reference.chipCount());
    assertSameChips(set, reference);
    List<String> after = new ArrayList<>();
    assertThat(ChipCache.open(file, data, maker.crop(), 96, after::add).stored())
        .isEqualTo(reference.chipCount());
    assertThat(after).isEmpty();
  }

  @Test
  void aResumedRunAndARunSharingTheCacheReadTheChipsTheFirstRunCut() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 6, 4);
    Path out = tmp.resolve("run");
    Counting first = new Counting(ChipMaker.wholeImage());
    ByteArrayOutputStream log1 = new ByteArrayOutputStream();
    try (TrainableNetwork net = TripletTrainerTest.network(5)) {
      new TripletTrainer(options(data, out, 1), new PrintStream(log1), w -> {})
          .run(net, first, null, null);
    }
    assertThat(first.calls).isEqualTo(24);
    assertThat(log1.toString())
        .contains("chips (whole-image): 0 read from " + out.resolve(ChipCache.FILE) + ", 24 cut");

    Counting resumed = new Counting(ChipMaker.wholeImage());
    ByteArrayOutputStream log2 = new ByteArrayOutputStream();
    try (TrainableNetwork net = TripletTrainerTest.network(5)) {
      new TripletTrainer(TestOptions.resume(options(data, out, 2)), new PrintStream(log2), w -> {})
          .run(net, resumed, null, null);
    }
    assertThat(resumed.calls).isZero();
    assertThat(log2.toString()).contains("24 read from", "0 cut", "resuming after epoch 1");

    Counting other = new Counting(ChipMaker.wholeImage());
    ByteArrayOutputStream log3 = new ByteArrayOutputStream();
    Path otherOut = tmp.resolve("other");
    try (TrainableNetwork net = TripletTrainerTest.network(6)) {
      new TripletTrainer(options(data, otherOut, 1), new PrintStream(log3), w -> {})
          .run(net, other, out.resolve(ChipCache.FILE), null);
    }
    assertThat(other.calls).isZero();
    assertThat(log3.toString()).contains("24 read from");
    assertThat(otherOut.resolve(ChipCache.FILE)).doesNotExist();
  }

  @Test
  void aRunStoppedWhileCuttingKeepsTheChipsCutSoFar() throws IOException {
    Path data = Fixtures.orlSubset(tmp.resolve("orl"), 1, 6, 4);
    Path out = tmp.resolve("run");
    try (TrainableNetwork net = TripletTrainerTest.network(5)) {
      TripletTrainer trainer =
          new TripletTrainer(
              options(data, out, 1), new PrintStream(new ByteArrayOutputStream()), w -> {});
      // Ctrl-C while the third picture is being cut: that one is finished, the fourth is not
      // started.
      Counting stopping =
          new Counting(ChipMaker.wholeImage()) {
            @Override
            public Cut cut(BufferedImage picture, int size) {
              if (calls == 2) {
                trainer.requestStop();
              }
              return super.cut(picture, size);
            }
          };
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> trainer.run(net, stopping, null, null))
          .isInstanceOf(TrainingStopped.class)
          .hasMessage(
              "interrupted while cutting the training chips, before training; the 3 chips cut so far are kept in "
                  + out.resolve(ChipCache.FILE)
                  + " for the next run");
      assertThat(stopping.calls).isEqualTo(3);
    }
    assertThat(out.resolve(Checkpoint.FILE)).doesNotExist();
    Counting rest = new Counting(ChipMaker.wholeImage());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (TrainableNetwork net = TripletTrainerTest.network(5)) {
      new TripletTrainer(options(data, out, 1), new PrintStream(log), w -> {})
          .run(net, rest, null, null);
    }
    assertThat(rest.calls).isEqualTo(21);
    assertThat(log.toString()).contains("3 read from " + out.resolve(ChipCache.FILE) + ", 21 cut");
  }

  private static TrainingOptions options(Path data, Path out, int epochs) {
    return TestOptions.small(data, out, epochs);
  }

  private static byte[] chip(ChipSet set, int person, int picture) {
    return set.identities().get(person).chips().get(picture).pixels();
  }

  private static void assertSameChips(ChipSet actual, ChipSet expected) {
    assertThat(actual.identities())
        .extracting(ChipSet.Identity::name)
        .isEqualTo(expected.identities().stream().map(ChipSet.Identity::name).toList());
    for (int p = 0; p < expected.identities().size(); p++) {
      List<ChipSet.Chip> a = actual.identities().get(p).chips();
      List<ChipSet.Chip> e = expected.identities().get(p).chips();
      assertThat(a).hasSameSizeAs(e);
      for (int c = 0; c < e.size(); c++) {
        assertThat(a.get(c).source()).isEqualTo(e.get(c).source());
        assertThat(Arrays.equals(a.get(c).pixels(), e.get(c).pixels()))
            .as("chip %d of %s is byte for byte the same", c, e.get(c).source())
            .isTrue();
      }
    }
  }
}
