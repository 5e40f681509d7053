package io.affinity.store.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnnTransformsTest {

  @Test
  void mips_transform_gives_unit_items_and_preserves_inner_product_order() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 300;
    int dim = 8;
    float[] x = new float[n * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * (1 + (i / dim) % 7)); // very different norms
    }
    float m = AnnTransforms.maxNorm(x, dim);
    float[] t = AnnTransforms.mipsItems(x, dim, m);
    for (int i = 0; i < n; i++) {
      double sq = 0;
      for (int d = 0; d <= dim; d++) {
        sq += t[i * (dim + 1) + d] * t[i * (dim + 1) + d];
      }
      assertEquals(1.0, sq, 1e-4, "item " + i + " has unit length");
    }
    float[] q = new float[dim];
    for (int d = 0; d < dim; d++) {
      q[d] = (float) r.nextGaussian();
    }
    float[] qt = new float[dim + 1];
    AnnTransforms.mipsQuery(q, qt);
    assertEquals(0f, qt[dim]);
    double qn = Math.sqrt(java.util.stream.IntStream.range(0, dim).mapToDouble(d -> q[d] * q[d]).sum());
    for (int i = 0; i < n; i++) {
      double raw = 0;
      double transformed = 0;
      for (int d = 0; d < dim; d++) {
        raw += q[d] * x[i * dim + d];
      }
      for (int d = 0; d <= dim; d++) {
        transformed += qt[d] * t[i * (dim + 1) + d];
      }
      assertEquals(raw / (m * qn), transformed, 1e-4, "transformed dot is the raw dot scaled by a constant");
    }
  }

  @Test
  void rows_sort_by_descending_norm_with_ties_by_row() {
    float[] x = {1, 0, /* 1 */ 0, 3, /* 2 */ 0, 1, /* 3 */ 2, 0, /* 4 */ 0, 0};
    assertArrayEquals(new int[] {1, 3, 0, 2, 4}, AnnTransforms.byDescendingNorm(x, 2));
  }
}
