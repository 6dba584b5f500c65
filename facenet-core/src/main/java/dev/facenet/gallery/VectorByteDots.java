package dev.facenet.gallery;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ByteDots} with the Vector API: each step widens as many bytes as the CPU's widest integer
 * vector holds ints (16 with AVX-512, 8 with AVX2) and multiplies and adds them in one go. Loaded
 * only when the incubator module is present. Stateless and thread-safe.
 */
final class VectorByteDots {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.length() * Byte.SIZE));

  private VectorByteDots() {}

  /** True when this CPU has integer vectors wide enough to be worth it. */
  static boolean usable() {
    return INTS.length() >= 8 && BYTES.length() == INTS.length();
  }

  static void dots(byte[] query, byte[] rows, int from, int to, int[] out) {
    int dim = query.length;
    int lanes = INTS.length();
    int whole = dim - dim % lanes;
    for (int i = from; i < to; i++) {
      int at = i * dim;
      IntVector sum = IntVector.zero(INTS);
      int j = 0;
      for (; j < whole; j += lanes) {
        IntVector x =
            (IntVector)
                ByteVector.fromArray(BYTES, rows, at + j)
                    .convertShape(VectorOperators.B2I, INTS, 0);
        IntVector y =
            (IntVector)
                ByteVector.fromArray(BYTES, query, j).convertShape(VectorOperators.B2I, INTS, 0);
        sum = sum.add(x.mul(y));
      }
      int s = sum.reduceLanes(VectorOperators.ADD);
      for (; j < dim; j++) {
        s += query[j] * rows[at + j];
      }
      out[i] = s;
    }
  }
}
