package dev.facenet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.facenet.nn.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TripletLossTest {

  // Three triplets in 2-d, worked by hand:
  //   1: |a-p|^2 = 1,    |a-n|^2 = 0.25 -> 1 - 0.25 + 0.2 = 0.95
  //   2: |a-p|^2 = 0,    |a-n|^2 = 1    -> 0 - 1 + 0.2 < 0 -> 0
  //   3: |a-p|^2 = 0.09, |a-n|^2 = 0.25 -> 0.09 - 0.25 + 0.2 = 0.04
  private static final float[][] A = {{0, 0}, {1, 0}, {1, 1}};
  private static final float[][] P = {{0, 1}, {1, 0}, {1, 1.3f}};
  private static final float[][] N = {{0, 0.5f}, {0, 0}, {1, 1.5f}};

  private static NDList triplets(NDManager m) {
    return new NDList(m.create(A), m.create(P), m.create(N));
  }

  @Test
  void theSeedsLossOnHandWorkedTriplets() {
    try (NDManager m = Torch.newManager()) {
      assertThat(TrainingOptions.DEFAULT_MARGIN).as("the seed's alpha").isEqualTo(0.2f);
      TripletLoss loss = new TripletLoss(TrainingOptions.DEFAULT_MARGIN);
      assertThat(loss.perTriplet(triplets(m)).toFloatArray())
          .containsExactly(new float[] {0.95f, 0f, 0.04f}, within(1e-6f));
      NDArray total = loss.evaluate(null, triplets(m));
      assertThat(total.getShape()).isEqualTo(new Shape());
      assertThat(total.getFloat()).isCloseTo(0.99f, within(1e-6f));
    }
  }

  @Test
  void alphaIsTheMargin() {
    try (NDManager m = Torch.newManager()) {
      // alpha 0.5: 1.25 + 0 + 0.34; alpha 0: 0.75 + 0 + 0 (the third triplet is then satisfied).
      assertThat(new TripletLoss(0.5f).evaluate(null, triplets(m)).getFloat())
          .isCloseTo(1.59f, within(1e-6f));
      assertThat(new TripletLoss(0f).evaluate(null, triplets(m)).getFloat())
          .isCloseTo(0.75f, within(1e-6f));
      assertThatThrownBy(() -> new TripletLoss(-0.1f)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new TripletLoss(Float.NaN))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void oneStackedArrayIsAnchorsThenPositivesThenNegatives() {
    try (NDManager m = Torch.newManager()) {
      NDArray stacked = m.create(A).concat(m.create(P), 0).concat(m.create(N), 0);
      assertThat(stacked.getShape()).isEqualTo(new Shape(9, 2));
      assertThat(
              new TripletLoss(TrainingOptions.DEFAULT_MARGIN)
                  .evaluate(null, new NDList(stacked))
                  .getFloat())
          .isCloseTo(0.99f, within(1e-6f));
      assertThatThrownBy(
              () ->
                  new TripletLoss(TrainingOptions.DEFAULT_MARGIN)
                      .evaluate(null, new NDList(m.zeros(new Shape(8, 2)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3m rows");
      assertThatThrownBy(
              () ->
                  new TripletLoss(TrainingOptions.DEFAULT_MARGIN)
                      .evaluate(
                          null, new NDList(m.create(A), m.create(P), m.zeros(new Shape(3, 3)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shapes differ");
      assertThatThrownBy(
              () ->
                  new TripletLoss(TrainingOptions.DEFAULT_MARGIN)
                      .evaluate(null, new NDList(m.create(A), m.create(P))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void autogradMatchesFiniteDifferences() {
    int rows = 6;
    int dim = 5;
    SplittableRandom r = new SplittableRandom(3);
    double[][] apn = new double[3][rows * dim];
    for (double[] part : apn) {
      for (int i = 0; i < part.length; i++) {
        part[i] = r.nextDouble() - 0.5;
      }
    }
    TripletLoss loss = new TripletLoss(0.3f);
    try (NDManager m = Torch.newManager()) {
      NDArray[] arrays = new NDArray[3];
      for (int k = 0; k < 3; k++) {
        arrays[k] = m.create(apn[k], new Shape(rows, dim));
        arrays[k].setRequiresGradient(true);
      }
      NDList inputs = new NDList(arrays);
      try (GradientCollector gc = Torch.engine().newGradientCollector()) {
        NDArray value = loss.evaluate(null, inputs);
        assertThat(value.getDataType()).isEqualTo(DataType.FLOAT64);
        gc.backward(value);
      }
      // Both active and inactive triplets, none at the hinge (where the loss has no derivative).
      double[] perTriplet =
          loss.perTriplet(
                  new NDList(
                      m.create(apn[0], new Shape(rows, dim)),
                      m.create(apn[1], new Shape(rows, dim)),
                      m.create(apn[2], new Shape(rows, dim))))
              .toDoubleArray();
      assertThat(java.util.Arrays.stream(perTriplet).filter(v -> v > 1e-3).count()).isPositive();
      assertThat(java.util.Arrays.stream(perTriplet).filter(v -> v == 0).count()).isPositive();
      assertThat(java.util.Arrays.stream(perTriplet).filter(v -> v > 0 && v <= 1e-3).count())
          .isZero();
      double h = 1e-6;
      int checked = 0;
      for (int k = 0; k < 3; k++) {
        double[] autograd = arrays[k].getGradient().toDoubleArray();
        for (int i = 0; i < rows * dim; i++) {
          double keep = apn[k][i];
          apn[k][i] = keep + h;
          double up = value(m, loss, apn, rows, dim);
          apn[k][i] = keep - h;
          double down = value(m, loss, apn, rows, dim);
          apn[k][i] = keep;
          double numeric = (up - down) / (2 * h);
          assertThat(autograd[i])
              .as("d loss / d %s[%d]", "apn".charAt(k), i)
              .isCloseTo(numeric, within(1e-6));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(3 * rows * dim);
    }
  }

  private static double value(NDManager m, TripletLoss loss, double[][] apn, int rows, int dim) {
    try (NDManager local = m.newSubManager()) {
      NDList in =
          new NDList(
              local.create(apn[0], new Shape(rows, dim)),
              local.create(apn[1], new Shape(rows, dim)),
              local.create(apn[2], new Shape(rows, dim)));
      return loss.evaluate(null, in).toDoubleArray()[0];
    }
  }

  @Test
  void djlsTrainerTrainsWithIt() {
    SplittableRandom r = new SplittableRandom(5);
    float[] data = new float[9 * 8];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextDouble();
    }
    try (Model model = Model.newInstance("triplet-test", Torch.device(), "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(4).build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new TripletLoss(TrainingOptions.DEFAULT_MARGIN))
              .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(9, 8));
        NDArray x = trainer.getManager().create(data, new Shape(9, 8));
        float first = 0;
        float last = 0;
        for (int step = 0; step < 5; step++) {
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray l = trainer.getLoss().evaluate(null, new NDList(out));
            if (step == 0) {
              first = l.getFloat();
            }
            last = l.getFloat();
            gc.backward(l);
          }
          trainer.step();
        }
        assertThat(first).isPositive();
        assertThat(last).isLessThan(first);
      }
    }
  }
}
