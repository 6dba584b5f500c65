package dev.facenet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class TorchTest {
  @Test
  void pytorchRunsOfflineOnTheCpu() {
    try (NDManager m = Torch.newManager()) {
      NDArray a = m.create(new float[] {1, 2, 3});
      assertThat(a.mul(2).toFloatArray()).containsExactly(2, 4, 6);
      assertThat(Torch.engine().getVersion()).isEqualTo("2.5.1");
      assertThat(Torch.device().isGpu()).isFalse();
    }
  }
}
