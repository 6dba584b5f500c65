package dev.facenet.train;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Cuts a run's chips through their caches: the network's chips of every picture, and the teacher's
 * chips of the training pictures (encoded into its targets). Cutting chips with face finding takes
 * minutes on a large set, so a stop request ends it too: the chips cut so far are saved (the next
 * run need not cut them again) and {@link TrainingStopped} is thrown.
 */
final class ChipCutting {
  private final TrainingOptions options;
  private final Consumer<String> warn;
  private final ProgressReporter progress;
  private final BooleanSupplier stopRequested;

  ChipCutting(
      TrainingOptions options,
      Consumer<String> warn,
      ProgressReporter progress,
      BooleanSupplier stopRequested) {
    this.options = options;
    this.warn = warn;
    this.progress = progress;
    this.stopRequested = stopRequested;
  }

  /** Every picture's chip at {@code size}, cut by {@code chips} or read from {@code chipCache}. */
  ChipSet training(ChipMaker chips, Path chipCache, int size) {
    long t0 = System.nanoTime();
    ChipCache cache = ChipCache.open(chipCache, options.data(), chips.crop(), size, warn);
    ChipSet all =
        cut(cache, () -> ChipSet.read(options.data(), stoppable(chips), size, warn, cache));
    progress.chips(all, cache, t0);
    return all;
  }

  /**
   * The teacher's targets for the training pictures (never the held-out ones): its chips are cut
   * (or read from {@link Teacher#CHIP_FILE} in the output folder) and encoded.
   */
  TeacherTargets teacherTargets(Teacher teacher, ChipSet training) {
    long t0 = System.nanoTime();
    int size = teacher.network().chipFormat().size();
    ChipCache cache =
        ChipCache.open(
            options.out().resolve(Teacher.CHIP_FILE),
            options.data(),
            teacher.chips().crop(),
            size,
            warn);
    List<PersonPictures> people =
        training.identities().stream()
            .map(
                id ->
                    new PersonPictures(
                        id.name(), id.chips().stream().map(ChipSet.Chip::source).toList()))
            .toList();
    ChipSet chips =
        cut(
            cache,
            () -> {
              ChipSet set =
                  ChipSet.load(
                      options.data(),
                      people,
                      stoppable(teacher.chips()),
                      size,
                      w -> warn.accept("teacher's chips: " + w),
                      cache);
              cache.save();
              return set;
            });
    TeacherTargets targets = TeacherTargets.encode(teacher, chips);
    progress.teacher(teacher, chips, cache, t0);
    return targets;
  }

  /** Runs {@code read}, which cuts chips into {@code cache} with {@link #stoppable} chip makers. */
  private ChipSet cut(ChipCache cache, Supplier<ChipSet> read) {
    try {
      return read.get();
    } catch (StopWhileReading e) {
      cache.saveCuts();
      throw TrainingStopped.beforeTraining(options.out(), cache.cuts(), cache.file());
    }
  }

  /**
   * Leaves {@link ChipSet#read} (which skips pictures that fail with a FaceNetException) when a
   * stop was requested.
   */
  private static final class StopWhileReading extends RuntimeException {
    StopWhileReading() {
      super(null, null, false, false);
    }
  }

  private ChipMaker stoppable(ChipMaker chips) {
    return new ChipMaker() {
      @Override
      public String crop() {
        return chips.crop();
      }

      @Override
      public Cut cut(BufferedImage picture, int size) {
        if (stopRequested.getAsBoolean()) {
          throw new StopWhileReading();
        }
        return chips.cut(picture, size);
      }
    };
  }
}
