package dev.facenet.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.facenet.image.NetInput;
import dev.facenet.nn.Torch;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Nn4Small2Test {

  private static NDArray batch(NDManager m, List<BufferedImage> pictures) {
    NetInput in = new NetInput(96, NetInput.Padding.CENTRED, new float[3], 255f);
    float[] data = new float[pictures.size() * in.floatsPerImage()];
    for (int i = 0; i < pictures.size(); i++) {
      in.prepare(pictures.get(i), data, i * in.floatsPerImage());
    }
    return m.create(data, new Shape(pictures.size(), 3, 96, 96));
  }

  @Test
  void everyStageGivesTheShapeOfTheDesignTable() {
    Map<String, Shape> table = new LinkedHashMap<>();
    table.put("stem", new Shape(192, 12, 12));
    table.put("3a", new Shape(256, 12, 12));
    table.put("3b", new Shape(320, 12, 12));
    table.put("3c", new Shape(640, 6, 6));
    table.put("4a", new Shape(640, 6, 6));
    table.put("4e", new Shape(1024, 3, 3));
    table.put("5a", new Shape(736, 3, 3));
    table.put("5b", new Shape(736, 3, 3));
    table.put("head", new Shape(128));
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 1);
      assertThat(net.stages())
          .extracting(Nn4Small2.Stage::name)
          .containsExactlyElementsOf(table.keySet());
      List<BufferedImage> pictures = SeedPictures.some().subList(0, 3);
      NDArray x = batch(m, pictures);
      Shape declared = x.getShape();
      ParameterStore store = new ParameterStore(m, false);
      for (Nn4Small2.Stage stage : net.stages()) {
        x = stage.block().forward(store, new NDList(x), false).singletonOrThrow();
        Shape expected = new Shape(3).addAll(table.get(stage.name()));
        assertThat(x.getShape()).as(stage.name()).isEqualTo(expected);
        declared = stage.block().getOutputShapes(new Shape[] {declared})[0];
        assertThat(declared).as(stage.name() + " declared").isEqualTo(expected);
      }
    }
  }

  @Test
  void theStemPadsAndPoolsAsTheTableSays() {
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 1);
      Block stem = net.stages().get(0).block();
      Shape s = new Shape(1, 3, 96, 96);
      long[][] expected = {
        {3, 102, 102},
        {64, 48, 48},
        {64, 48, 48},
        {64, 48, 48},
        {64, 50, 50},
        {64, 24, 24},
        {64, 24, 24},
        {64, 24, 24},
        {64, 24, 24},
        {64, 26, 26},
        {192, 24, 24},
        {192, 24, 24},
        {192, 24, 24},
        {192, 26, 26},
        {192, 12, 12}
      };
      List<Block> layers = stem.getChildren().values();
      assertThat(layers).hasSize(expected.length);
      for (int i = 0; i < expected.length; i++) {
        s = layers.get(i).getOutputShapes(new Shape[] {s})[0];
        assertThat(s)
            .as("stem layer " + i + " " + layers.get(i))
            .isEqualTo(new Shape(1).addAll(new Shape(expected[i])));
      }
    }
  }

  @Test
  void parameterCountIsTheKerasModelsOne() {
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 1);
      assertThat(net.parameterCount()).isEqualTo(3_743_280L);
      assertThat(net.trainableParameterCount()).isEqualTo(3_733_968L);
      long inFiles =
          net.weightFiles().stream().mapToLong(f -> f.parameter().getShape().size()).sum();
      assertThat(inFiles).as("every parameter has its weight file").isEqualTo(3_743_280L);
      assertThat(net.weightFiles()).hasSize(net.block().getParameters().size());
    }
  }

  @Test
  void batchNormEpsilonIsOneThousandthForBn1AndOneHundredThousandthElsewhere() {
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 1);
      int checked = 0;
      for (Map.Entry<String, Block> e : net.layers().entrySet()) {
        if (!(e.getValue() instanceof BatchNorm bn)) {
          continue;
        }
        Parameter var = bn.getParameters().get("runningVar");
        long channels = var.getShape().get(0);
        // Running mean 0, variance 0, scale 1, shift 0: the output is x / sqrt(epsilon).
        var.getArray().set(new float[Math.toIntExact(channels)]);
        NDArray out =
            bn.forward(
                    new ParameterStore(m, false),
                    new NDList(m.ones(new Shape(1, channels, 2, 2))),
                    false)
                .singletonOrThrow();
        double eps = e.getKey().equals("bn1") ? 0.001 : 0.00001;
        for (float v : out.toFloatArray()) {
          assertThat((double) v)
              .as(e.getKey())
              .isCloseTo(1 / Math.sqrt(eps), within(1e-3 / Math.sqrt(eps)));
        }
        checked++;
      }
      assertThat(checked).as("batch-norm layers").isEqualTo(3 + 6 + 6 + 4 + 6 + 4 + 4 + 4);
    }
  }

  @Test
  void encodingsAreUnitLengthAndTheSameForTheSameSeed() {
    List<BufferedImage> pictures = SeedPictures.some();
    float[][] a;
    float[][] b;
    float[][] c;
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(null, 5))) {
      assertThat(e.name()).isEqualTo("nn4-small2");
      assertThat(e.inputSize()).isEqualTo(96);
      assertThat(e.dimension()).isEqualTo(128);
      assertThat(e.warning())
          .hasValueSatisfying(
              w -> assertThat(w).contains("random initialisation").contains("seed 5"));
      a = e.encode(pictures);
    }
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(null, 5))) {
      b = e.encode(pictures);
    }
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(null, 6))) {
      c = e.encode(pictures);
    }
    assertThat(a).hasNumberOfRows(pictures.size());
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).hasSize(128);
      double norm = 0;
      for (float v : a[i]) {
        norm += (double) v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
      assertThat(b[i]).containsExactly(a[i]);
      assertThat(c[i]).isNotEqualTo(a[i]);
    }
    // Different pictures give different encodings, even untrained.
    assertThat(a[0]).isNotEqualTo(a[1]);
  }

  @Test
  void oneBatchEqualsPicturesOneByOne() {
    List<BufferedImage> pictures = SeedPictures.some();
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(null, 3))) {
      float[][] together = e.encode(pictures);
      for (int i = 0; i < pictures.size(); i++) {
        float[] alone = e.encode(pictures.get(i));
        for (int k = 0; k < 128; k++) {
          assertThat(alone[k]).isCloseTo(together[i][k], within(1e-5f));
        }
      }
    }
  }

  @Test
  void theEncodersFoldedBatchNormGivesTheSameEncodingsAsTheNetwork() {
    List<BufferedImage> pictures = SeedPictures.some();
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 21);
      // Batch-norm statistics away from the initial (1, 0, 0, 1), so the folding has something to
      // fold.
      java.util.SplittableRandom r = new java.util.SplittableRandom(4);
      for (Nn4Small2.WeightFile f : net.weightFiles()) {
        String kind = f.name().substring(f.name().length() - 2);
        if (!f.name().contains("bn") || f.name().startsWith("dense")) {
          continue;
        }
        float[] v = new float[Math.toIntExact(f.parameter().getShape().size())];
        for (int i = 0; i < v.length; i++) {
          double u = r.nextDouble();
          v[i] =
              (float)
                  switch (kind) {
                    case "_w" -> 0.5 + u;
                    case "_v" -> 0.2 + 2 * u;
                    default -> 0.2 * (u - 0.5);
                  };
        }
        f.parameter().getArray().set(v);
      }
      float[] direct =
          net.forward(new ParameterStore(m, false), batch(m, pictures), false).toFloatArray();
      try (Nn4Small2Encoder e = Nn4Small2Encoder.of(net, null)) {
        assertThat(e.warning()).isEmpty();
        float[][] folded = e.encode(pictures);
        for (int i = 0; i < pictures.size(); i++) {
          for (int k = 0; k < 128; k++) {
            assertThat(folded[i][k]).isCloseTo(direct[i * 128 + k], within(2e-5f));
          }
        }
      }
    }
  }

  @Test
  void djlsOwnParameterFileRestoresTheNetwork() throws Exception {
    List<BufferedImage> pictures = SeedPictures.some().subList(0, 3);
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 31);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      net.block().saveParameters(new java.io.DataOutputStream(bytes));
      Nn4Small2 back = Nn4Small2.create().initialize(m, 32);
      back.block()
          .loadParameters(
              m,
              new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
      float[] want =
          net.forward(new ParameterStore(m, false), batch(m, pictures), false).toFloatArray();
      float[] got =
          back.forward(new ParameterStore(m, false), batch(m, pictures), false).toFloatArray();
      assertThat(got).containsExactly(want);
    }
  }

  @Test
  void encodesFromSeveralThreadsAtOnce() throws Exception {
    List<BufferedImage> pictures = SeedPictures.some();
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(null, 12))) {
      float[][] expected = e.encode(pictures);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(3);
      try {
        List<java.util.concurrent.Future<float[]>> futures = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
          for (BufferedImage p : pictures) {
            futures.add(pool.submit(() -> e.encode(p)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          float[] got = futures.get(i).get();
          float[] want = expected[i % pictures.size()];
          for (int k = 0; k < 128; k++) {
            assertThat(got[k]).isCloseTo(want[k], within(1e-5f));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void trainsWithAutogradThroughEveryLayer() {
    List<BufferedImage> pictures = SeedPictures.some().subList(0, 6);
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 11);
      NDArray x = batch(m, pictures);
      float before =
          net.layers().get("bn1").getParameters().get("runningMean").getArray().toFloatArray()[0];
      try (GradientCollector gc = Torch.engine().newGradientCollector()) {
        NDArray y = net.forward(new ParameterStore(m, false), x, true);
        // Pictures 0..1 anchors, 2..3 positives, 4..5 negatives. Unit vectors are at most 2 apart
        // (squared
        // distance 4), so with a margin of 4.5 every triplet is active and every layer gets a
        // gradient.
        // The triplet loss written out (the trainer's own class lives in facenet-train, above this
        // module).
        NDArray a = y.get("0:2");
        NDArray pos = y.get("2:4");
        NDArray neg = y.get("4:6");
        NDArray loss =
            a.sub(pos)
                .square()
                .sum(new int[] {1})
                .sub(a.sub(neg).square().sum(new int[] {1}))
                .add(4.5f)
                .maximum(0f)
                .sum();
        assertThat(loss.getFloat()).isGreaterThan(0f);
        gc.backward(loss);
      }
      for (Parameter p : net.block().getParameters().values()) {
        if (!p.requiresGradient()) {
          continue;
        }
        NDArray g = p.getArray().getGradient();
        assertThat(g.abs().sum().getFloat())
            .as(p.getName() + " gradient")
            .isGreaterThan(0f)
            .isFinite();
      }
      float after =
          net.layers().get("bn1").getParameters().get("runningMean").getArray().toFloatArray()[0];
      assertThat(after).as("training mode updates the running mean").isNotEqualTo(before);
    }
  }
}
