package dev.facenet.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.facenet.common.FaceNetException;
import dev.facenet.nn.Torch;
import dev.facenet.weights.CsvTensorFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFaceCsvWeightsTest {
  /** The real files of ../shared/fixtures/openface-csv and how many numbers each must hold. */
  private static final Map<String, Integer> FIXTURES = new LinkedHashMap<>();

  static {
    FIXTURES.put("conv1_w", 64 * 3 * 7 * 7);
    FIXTURES.put("conv1_b", 64);
    FIXTURES.put("bn1_w", 64);
    FIXTURES.put("bn1_b", 64);
    FIXTURES.put("bn1_m", 64);
    FIXTURES.put("bn1_v", 64);
    FIXTURES.put("conv2_w", 64 * 64);
    FIXTURES.put("conv2_b", 64);
    FIXTURES.put("dense_b", 128);
  }

  @TempDir Path tmp;

  /** One random network's folder (seed 5), written once; tests that spoil a file work on a copy. */
  @TempDir static Path shared;

  private static Path pristine;

  @BeforeAll
  static void exportOnce() {
    pristine = shared.resolve("weights");
    try (NDManager m = Torch.newManager()) {
      OpenFaceCsvWeights.save(Nn4Small2.create().initialize(m, 5), pristine);
    }
  }

  private static Path fixture(String name) {
    return SeedPictures.shared().resolve("fixtures/openface-csv").resolve(name + ".csv");
  }

  private static float[] parameter(Nn4Small2 net, String file) {
    return net.weightFiles().stream()
        .filter(f -> f.name().equals(file))
        .findFirst()
        .orElseThrow()
        .parameter()
        .getArray()
        .toFloatArray();
  }

  @Test
  void theRealFixtureFilesParseWithTheirExpectedCounts() {
    for (Map.Entry<String, Integer> e : FIXTURES.entrySet()) {
      float[] v = CsvTensorFile.read(fixture(e.getKey()), e.getValue(), e.getKey());
      assertThat(v).as(e.getKey()).hasSize(e.getValue());
    }
    // The first number of conv1_w.csv as written in the file, and variances that are variances.
    assertThat(CsvTensorFile.read(fixture("conv1_w"), 9408, "conv1")[0])
        .isEqualTo(0.14905615150928f);
    for (float v : CsvTensorFile.read(fixture("bn1_v"), 64, "bn1 variance")) {
      assertThat(v).isPositive();
    }
    assertThatThrownBy(() -> CsvTensorFile.read(fixture("conv1_w"), 9409, "conv1_w 64x3x7x7"))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("conv1_w.csv")
        .hasMessageContaining("holds 9408 numbers, expected 9409");
  }

  @Test
  void theRealFixtureFilesLoadIntoTheirLayersAndTheRestFromTheFolder() throws IOException {
    Path dir = exported();
    for (String name : FIXTURES.keySet()) {
      Files.copy(fixture(name), dir.resolve(name + ".csv"), StandardCopyOption.REPLACE_EXISTING);
    }
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 source = Nn4Small2.create().initialize(m, 5);
      Nn4Small2 net = Nn4Small2.create().initialize(m, 2);
      OpenFaceCsvWeights.load(net, dir);
      for (Map.Entry<String, Integer> e : FIXTURES.entrySet()) {
        assertThat(parameter(net, e.getKey()))
            .as(e.getKey())
            .containsExactly(CsvTensorFile.read(fixture(e.getKey()), e.getValue(), e.getKey()));
      }
      // The layers, found by name, hold those values: conv1's kernel (out, in, kh, kw) and bn1's
      // running variance.
      float[] conv1 =
          net.layers().get("conv1").getParameters().get("weight").getArray().toFloatArray();
      assertThat(conv1[0]).isEqualTo(0.14905615150928f);
      assertThat(net.layers().get("conv1").getParameters().get("weight").getShape().getShape())
          .containsExactly(64, 3, 7, 7);
      assertThat(
              net.layers().get("bn1").getParameters().get("runningVar").getArray().toFloatArray())
          .containsExactly(CsvTensorFile.read(fixture("bn1_v"), 64, "bn1_v"));
      assertThat(
              net.layers().get("dense_layer").getParameters().get("bias").getArray().toFloatArray())
          .containsExactly(CsvTensorFile.read(fixture("dense_b"), 128, "dense_b"));
      assertThat(parameter(net, "conv3_w")).containsExactly(parameter(source, "conv3_w"));
      assertThat(parameter(net, "conv3_w")).hasSize(192 * 64 * 3 * 3);
      assertThat(parameter(net, "dense_w")).hasSize(128 * 736);
    }
  }

  @Test
  void exportThenImportGivesTheSameEncodingsBitForBit() throws IOException {
    List<BufferedImage> pictures = SeedPictures.some();
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    float[][] before;
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 7);
      OpenFaceCsvWeights.save(net, first);
      try (Nn4Small2Encoder e = Nn4Small2Encoder.of(net, null)) {
        before = e.encode(pictures);
      }
    }
    float[][] after;
    try (FaceEncoder e = FaceEncoders.open("nn4-small2", new EncoderOptions(first, 8))) {
      assertThat(e.warning()).isEmpty();
      after = e.encode(pictures);
    }
    for (int i = 0; i < pictures.size(); i++) {
      for (int k = 0; k < 128; k++) {
        assertThat(Float.floatToRawIntBits(after[i][k]))
            .as("picture %d value %d", i, k)
            .isEqualTo(Float.floatToRawIntBits(before[i][k]));
      }
    }
    // And the imported weights export to the very same files.
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 9);
      OpenFaceCsvWeights.load(net, first);
      OpenFaceCsvWeights.save(net, second);
    }
    try (Stream<Path> files = Files.list(first)) {
      List<Path> all = files.sorted().toList();
      assertThat(all).hasSize(Nn4Small2.create().weightFiles().size());
      for (Path f : all) {
        assertThat(Files.mismatch(f, second.resolve(f.getFileName().toString())))
            .as(f.toString())
            .isEqualTo(-1L);
      }
    }
  }

  @Test
  void aMissingFileIsAnErrorNamingItAndTheCountExpected() throws IOException {
    Path dir = exported();
    Files.delete(dir.resolve("inception_4a_pool_bn_v.csv"));
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("inception_4a_pool_bn_v.csv")
        .hasMessageContaining("missing")
        .hasMessageContaining("expected 128 ");
  }

  @Test
  void aMalformedFileIsAnErrorNamingItAndTheCountExpected() throws IOException {
    Path dir = exported();
    Files.writeString(dir.resolve("conv2_b.csv"), "0.1,zz" + ",0.5".repeat(62) + "\n");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("malformed")
        .hasMessageContaining("'zz'")
        .hasMessageContaining("expected 64 ");
    Files.writeString(dir.resolve("conv2_b.csv"), "0.1,,0.2");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("empty value at number 2");
    Files.writeString(dir.resolve("conv2_b.csv"), "0.1,NaN");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("'NaN'");
    Files.writeString(dir.resolve("conv2_b.csv"), "");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("holds 0 numbers, expected 64");
    Files.write(dir.resolve("conv2_b.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("not plain ASCII text")
        .hasMessageContaining("expected 64 ");
    Files.writeString(dir.resolve("conv2_b.csv"), "1".repeat(20_000));
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .hasMessageContaining("conv2_b.csv")
        .hasMessageContaining("20000 bytes is far too large for 64 ");
  }

  @Test
  void aFileWithTheWrongCountIsAnErrorSayingBothCounts() throws IOException {
    Path dir = exported();
    Files.writeString(dir.resolve("conv1_b.csv"), "0.25,".repeat(64) + "0.25\n");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(dir)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("conv1_b.csv")
        .hasMessageContaining("holds 65 numbers, expected 64");
  }

  @Test
  void aMissingWeightsFolderIsAClearError() throws IOException {
    Path none = tmp.resolve("no-such-folder");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(none)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining(none.toString())
        .hasMessageContaining("no such nn4-small2 weights folder");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> FaceEncoders.open("nn4-small2", EncoderOptions.withWeights(file)))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("not a folder");
  }

  @Test
  void aFailedLoadLeavesTheNetworkAsItWas() throws IOException {
    Path dir = exported();
    Files.writeString(dir.resolve("inception_5b_1x1_bn_m.csv"), "1,2,3");
    try (NDManager m = Torch.newManager()) {
      Nn4Small2 net = Nn4Small2.create().initialize(m, 3);
      float[] conv1 = parameter(net, "conv1_w");
      assertThatThrownBy(() -> OpenFaceCsvWeights.load(net, dir))
          .isInstanceOf(FaceNetException.class)
          .hasMessageContaining("inception_5b_1x1_bn_m.csv");
      assertThat(parameter(net, "conv1_w")).containsExactly(conv1);
    }
  }

  @Test
  void writtenDecimalsReadBackToTheSameBits() throws IOException {
    float[] values = {
      0f,
      -0f,
      1f,
      -1.5f,
      1e-7f,
      -3.4028235e38f,
      Float.MIN_VALUE,
      Float.MIN_NORMAL,
      0.1f,
      123456.79f,
      0.14905615150928f,
      7.0e-45f
    };
    Path f = tmp.resolve("t.csv");
    CsvTensorFile.write(f, values);
    String text = Files.readString(f);
    assertThat(text).doesNotContain("E").doesNotContain("e").endsWith("\n");
    float[] back = CsvTensorFile.read(f, values.length, "test");
    for (int i = 0; i < values.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i]))
          .as("value %d", i)
          .isEqualTo(Float.floatToRawIntBits(values[i]));
    }
    assertThatThrownBy(() -> CsvTensorFile.write(f, new float[] {1f, Float.NaN}))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("value 2 is NaN");
  }

  /** A copy of the shared folder that the test may spoil. */
  private Path exported() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("weights"));
    try (Stream<Path> files = Files.list(pristine)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()));
      }
    }
    return dir;
  }
}
