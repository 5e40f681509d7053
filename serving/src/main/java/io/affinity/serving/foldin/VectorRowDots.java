package io.affinity.serving.foldin;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowDots} with SIMD fused multiply-adds (at most 256-bit lanes, as the exact index). */
final class VectorRowDots implements RowDots {
  private static final VectorSpecies<Float> SPECIES =
      FloatVector.SPECIES_PREFERRED.length() > 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;

  @Override
  public void upperGram(float[] m, int rows, int n, float[] out) {
    int bound = SPECIES.loopBound(n);
    int lanes = SPECIES.length();
    for (int p = 0; p < rows; p++) {
      int a = p * n;
      for (int q = p; q < rows; q++) {
        int b = q * n;
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < bound; j += lanes) {
          acc = FloatVector.fromArray(SPECIES, m, a + j).fma(FloatVector.fromArray(SPECIES, m, b + j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
          s += m[a + j] * m[b + j];
        }
        out[p * rows + q] = s;
      }
    }
  }
}
