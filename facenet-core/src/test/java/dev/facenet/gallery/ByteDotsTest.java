package dev.facenet.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both kernels give the same integers as a plain loop, for lengths that do and do not fill vectors.
 */
class ByteDotsTest {
  @Test
  void theVectorKernelIsTheOneTestsRunAndAgreesWithThePlainLoop() {
    // the build starts test JVMs with the incubator module, as the tool does: the fast kernel is
    // the one under test, not the fallback
    assertThat(ByteDots.BEST).isEqualTo(ByteDots.Kernel.VECTOR);
    SplittableRandom random = new SplittableRandom(17);
    for (int dim : new int[] {1, 7, 8, 16, 100, 128, 131, 512}) {
      int rows = 300;
      byte[] query = new byte[dim];
      byte[] data = new byte[rows * dim];
      for (int j = 0; j < dim; j++) {
        query[j] = (byte) (random.nextInt(255) - 127);
      }
      for (int j = 0; j < data.length; j++) {
        data[j] = (byte) (random.nextInt(255) - 127);
      }
      data[0] = query[0] = -127; // the extremes multiply without overflow
      int[] expected = new int[rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < dim; j++) {
          expected[i] += query[j] * data[i * dim + j];
        }
      }
      for (ByteDots.Kernel kernel : ByteDots.Kernel.values()) {
        int[] out = new int[rows];
        ByteDots.dots(kernel, query, data, 5, rows, out);
        for (int i = 5; i < rows; i++) {
          assertThat(out[i]).as("%s, dim %d, row %d", kernel, dim, i).isEqualTo(expected[i]);
        }
        assertThat(out[0]).isZero(); // rows before `from` are left alone
      }
    }
  }
}
