package dev.facenet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.common.Embedding;
import dev.facenet.common.Face;
import dev.facenet.embed.BatchingEncoder;
import dev.facenet.embed.EncoderOptions;
import dev.facenet.embed.FaceEncoder;
import dev.facenet.embed.FaceEncoders;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One FaceNet shared by eight threads gives every caller exactly, bit for bit, what one thread
 * calling it alone gets, while the encoder's queue really does gather the threads' faces into
 * batches.
 */
class ConcurrencyTest {
  static final Path SHARED = Path.of(System.getProperty("facenet.shared"), "fixtures");
  static final int THREADS = 8;

  /** ORL's first five people, ten pictures each: 50 different faces. */
  static List<Path> fiftyFaces() {
    List<Path> out = new ArrayList<>();
    for (int person = 1; person <= 5; person++) {
      for (int k = 1; k <= 10; k++) {
        out.add(SHARED.resolve("orl/s" + person + "/" + k + ".pgm"));
      }
    }
    return out;
  }

  @Test
  void eightThreadsOfFiftyCallsEncodeBitForBitAsOneThreadDoes() throws Exception {
    List<Path> pictures = fiftyFaces();
    try (FaceNet faces = FaceNet.builder().wholeImage(true).build()) {
      List<float[]> sequential = new ArrayList<>();
      for (Path p : pictures) {
        sequential.add(faces.encode(p).values());
      }
      BatchingEncoder encoder = (BatchingEncoder) faces.encoder();
      long batchesBefore = encoder.queue().batches();
      long itemsBefore = encoder.queue().items();
      List<List<float[]>> perThread =
          inThreads(
              t -> {
                List<float[]> got = new ArrayList<>();
                for (int k = 0; k < pictures.size(); k++) {
                  got.add(
                      faces
                          .encode(pictures.get((k + t * 7) % pictures.size()))
                          .values()); // each thread its own order
                }
                return got;
              });
      for (int t = 0; t < THREADS; t++) {
        for (int k = 0; k < pictures.size(); k++) {
          float[] want = sequential.get((k + t * 7) % pictures.size());
          assertThat(perThread.get(t).get(k)).as("thread %d call %d", t, k).containsExactly(want);
        }
      }
      long batches = encoder.queue().batches() - batchesBefore;
      long items = encoder.queue().items() - itemsBefore;
      assertThat(items).isEqualTo(THREADS * pictures.size());
      assertThat((double) items / batches)
          .as("mean batch of the concurrent calls")
          .isGreaterThan(2.0);
    }
  }

  @Test
  void eachEncoderGivesAFaceTheSameBitsAloneAsInAnyBatch() {
    List<BufferedImage> chips =
        fiftyFaces().subList(0, 12).stream().map(ImageLoader::load).toList();
    for (String model : List.of("resnet", "nn4-small2")) {
      try (FaceEncoder encoder = FaceEncoders.open(model, EncoderOptions.defaults())) {
        float[][] batch = encoder.encode(chips);
        float[][] pair = encoder.encode(chips.subList(3, 5));
        for (int i = 0; i < chips.size(); i++) {
          assertThat(encoder.encode(chips.get(i)))
              .as("%s, chip %d alone", model, i)
              .containsExactly(batch[i]);
        }
        assertThat(pair[0]).containsExactly(batch[3]);
        assertThat(pair[1]).containsExactly(batch[4]);
      }
    }
  }

  @Test
  void photosFromEightThreadsGiveTheFacesOfSequentialCalls() throws Exception {
    Path seed = SHARED.resolve("seed-images");
    List<Path> photos =
        List.of(
            seed.resolve("shivi.jpg"),
            seed.resolve("camera_0.jpg"),
            seed.resolve("kian.jpg"),
            seed.resolve("danielle.png"));
    final int calls = 2; // each thread: two photos, eight threads: every photo four times
    try (FaceNet faces = FaceNet.builder().build()) {
      List<List<Face>> sequential = photos.stream().map(faces::faces).toList();
      List<List<List<Face>>> perThread =
          inThreads(
              t -> {
                List<List<Face>> got = new ArrayList<>();
                for (int k = 0; k < calls; k++) {
                  got.add(faces.faces(photos.get((k + t) % photos.size())));
                }
                return got;
              });
      for (int t = 0; t < THREADS; t++) {
        for (int k = 0; k < calls; k++) {
          List<Face> want = sequential.get((k + t) % photos.size());
          List<Face> got = perThread.get(t).get(k);
          assertThat(got).hasSameSizeAs(want).isNotEmpty();
          for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).box()).isEqualTo(want.get(i).box());
            assertThat(got.get(i).landmarks()).isEqualTo(want.get(i).landmarks());
            Embedding e = got.get(i).embedding();
            assertThat(e.values()).containsExactly(want.get(i).embedding().values());
          }
        }
      }
    }
  }

  private static <T> List<T> inThreads(Function<Integer, T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> work.apply(thread)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(10, TimeUnit.MINUTES));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
