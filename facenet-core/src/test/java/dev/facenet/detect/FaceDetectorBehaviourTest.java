package dev.facenet.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.Box;
import dev.facenet.common.FaceNetException;
import dev.facenet.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What callers rely on besides parity: confidence handling, odd picture sizes, threads, closing.
 */
class FaceDetectorBehaviourTest {
  private static SsdMobilenetV1Detector ssd;
  private static TinyFaceDetector tiny;
  private static BufferedImage shivi;

  @BeforeAll
  static void setUp() {
    ssd = new SsdMobilenetV1Detector();
    tiny = new TinyFaceDetector();
    shivi =
        ImageLoader.load(
            Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images/shivi.jpg"));
  }

  @AfterAll
  static void tearDown() {
    ssd.close();
    tiny.close();
  }

  @Test
  void confidenceMustLieStrictlyBetweenZeroAndOne() {
    for (FaceDetector d : List.of(ssd, tiny)) {
      assertThat(d.minConfidence()).isEqualTo(0.5);
      for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
        assertThatThrownBy(() -> d.setMinConfidence(bad))
            .isInstanceOf(FaceNetException.class)
            .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> d.detect(shivi, bad)).isInstanceOf(FaceNetException.class);
      }
      assertThat(d.minConfidence()).isEqualTo(0.5);
    }
  }

  @Test
  void aBatchOfPicturesGivesWhatEachGivesAlone() {
    BufferedImage other =
        ImageLoader.load(
            Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images/camera_0.jpg"));
    for (FaceDetector d : List.of(ssd, tiny)) {
      List<List<Detection>> both = d.detectAll(List.of(shivi, other, shivi), 0.1);
      assertThat(both).hasSize(3);
      assertSame(both.get(0), d.detect(shivi, 0.1));
      assertSame(both.get(1), d.detect(other, 0.1));
      assertSame(both.get(2), both.get(0));
    }
    assertThat(ssd.detectAll(List.of(shivi), 0.1).get(0)).isNotEmpty(); // not empty-for-empty
  }

  @Test
  void aLowerConfidenceFindsMoreAndKeepsWhatWasFound() {
    // shivi.jpg: the SSD finds her at 0.995; the tiny detector stays under 0.5 (as in face-api),
    // near 0.1.
    List<Detection> strict = ssd.detect(shivi);
    assertThat(strict).hasSize(1);
    assertThat(strict.get(0).score()).isGreaterThan(0.99);
    assertThat(ssd.detect(shivi, 0.05).size()).isGreaterThanOrEqualTo(1);
    assertThat(ssd.detect(shivi, 0.05).get(0)).isEqualTo(strict.get(0));

    assertThat(tiny.detect(shivi)).isEmpty();
    List<Detection> loose = tiny.detect(shivi, 0.05);
    assertThat(loose).isNotEmpty();
    assertThat(loose).allMatch(d -> d.score() > 0.05 && d.score() <= 0.5);
    // The face is in the middle of the picture.
    Box b = loose.get(0).box();
    assertThat(b.x() + b.width() / 2).isBetween(100.0, 350.0);
    assertThat(b.y() + b.height() / 2).isBetween(100.0, 350.0);
  }

  @Test
  void setMinConfidenceChangesTheDefaultCall() {
    TinyFaceDetector own = new TinyFaceDetector();
    try {
      own.setMinConfidence(0.05);
      assertThat(own.minConfidence()).isEqualTo(0.05);
      assertThat(own.detect(shivi)).isNotEmpty().isEqualTo(tiny.detect(shivi, 0.05));
    } finally {
      own.close();
    }
  }

  @Test
  void tinyPicturesAndOddShapesGiveNoErrorAndBoxesInsideThePicture() {
    for (int[] size : new int[][] {{1, 1}, {3, 700}, {700, 3}, {31, 45}}) {
      BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      for (FaceDetector d : List.of(ssd, tiny)) {
        List<Detection> found = d.detect(img);
        assertThat(found).as(d.name() + " on a black " + size[0] + "x" + size[1]).isEmpty();
      }
    }
    for (Detection d : ssd.detect(shivi, 0.05)) {
      assertThat(d.box().x()).isBetween(0.0, 452.0);
      assertThat(d.box().right()).isBetween(0.0, 452.0);
      assertThat(d.box().y()).isBetween(0.0, 452.0);
      assertThat(d.box().bottom()).isBetween(0.0, 452.0);
    }
  }

  @Test
  void tinyInputSizeMustBeAMultipleOf32() {
    assertThatThrownBy(() -> new TinyFaceDetector(400))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("multiple of 32");
    assertThatThrownBy(() -> new TinyFaceDetector(0)).isInstanceOf(FaceNetException.class);
    TinyFaceDetector big = new TinyFaceDetector(608);
    try {
      assertThat(big.inputSize()).isEqualTo(608);
      assertThat(big.detect(shivi, 0.1)).isNotEmpty();
    } finally {
      big.close();
    }
  }

  @Test
  void oneDetectorServesManyThreadsWithTheSameResults() throws Exception {
    List<Detection> ssdAlone = ssd.detect(shivi);
    List<Detection> tinyAlone = tiny.detect(shivi, 0.05);
    assertThat(ssdAlone).isNotEmpty();
    assertThat(tinyAlone).isNotEmpty();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Detection>>> ssdRuns = new ArrayList<>();
      List<Future<List<Detection>>> tinyRuns = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ssdRuns.add(pool.submit(() -> ssd.detect(shivi)));
        tinyRuns.add(pool.submit(() -> tiny.detect(shivi, 0.05)));
      }
      for (Future<List<Detection>> f : ssdRuns) {
        assertSame(f.get(), ssdAlone);
      }
      for (Future<List<Detection>> f : tinyRuns) {
        assertSame(f.get(), tinyAlone);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aClosedDetectorRefusesWork() {
    TinyFaceDetector own = new TinyFaceDetector();
    own.close();
    own.close();
    assertThatThrownBy(() -> own.detect(shivi))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static void assertSame(List<Detection> got, List<Detection> want) {
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).score())
          .isCloseTo(want.get(i).score(), org.assertj.core.api.Assertions.within(1e-6));
      assertThat(got.get(i).box().x())
          .isCloseTo(want.get(i).box().x(), org.assertj.core.api.Assertions.within(1e-4));
      assertThat(got.get(i).box().y())
          .isCloseTo(want.get(i).box().y(), org.assertj.core.api.Assertions.within(1e-4));
      assertThat(got.get(i).box().width())
          .isCloseTo(want.get(i).box().width(), org.assertj.core.api.Assertions.within(1e-4));
      assertThat(got.get(i).box().height())
          .isCloseTo(want.get(i).box().height(), org.assertj.core.api.Assertions.within(1e-4));
    }
  }
}
