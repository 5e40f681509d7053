package io.affinity.serving.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExactIndexTest {

  private static float[] randomRows(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] data = new float[n * dim];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return data;
  }

  /** The obvious reference: score everything, sort, skip excluded. */
  private static int[] bruteForce(float[] data, int dim, float[] q, int k, int[] excluded) {
    int n = data.length / dim;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      float acc = 0;
      for (int d = 0; d < dim; d++) {
        acc += q[d] * data[i * dim + d];
      }
      s[i] = acc;
    }
    return IntStream.range(0, n).filter(i -> Arrays.binarySearch(excluded, i) < 0).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 16, 33, 64, 100})
  void scalar_and_vector_api_indexes_match_brute_force_with_exclusions(int dim) {
    int n = 2_000;
    float[] data = randomRows(n, dim, dim);
    VectorIndex scalar = new ExactScalarIndex(data, dim);
    VectorIndex simd = new ExactVectorApiIndex(data, dim);
    SplittableRandom r = new SplittableRandom(99);
    for (int trial = 0; trial < 20; trial++) {
      float[] q = Arrays.copyOfRange(randomRows(1, dim, 1000 + trial), 0, dim);
      int[] excluded = IntStream.generate(() -> r.nextInt(n)).limit(50).sorted().distinct().toArray();
      int k = 1 + r.nextInt(40);
      int[] expected = bruteForce(data, dim, q, k, excluded);
      int[] o1 = new int[k];
      float[] s1 = new float[k];
      int[] o2 = new int[k];
      float[] s2 = new float[k];
      assertEquals(k, scalar.search(q, k, SearchFilter.excluding(excluded), o1, s1));
      assertEquals(k, simd.search(q, k, SearchFilter.excluding(excluded), o2, s2));
      assertArrayEquals(expected, o1, "scalar vs brute force");
      for (int i = 0; i < k; i++) {
        assertEquals(s1[i], s2[i], 1e-4f * Math.max(1f, Math.abs(s1[i])), "score " + i);
      }
      // Orders can only differ where scores tie within float rounding.
      for (int i = 0; i < k; i++) {
        if (o1[i] != o2[i]) {
          assertEquals(s1[i], s2[i], 1e-4f * Math.max(1f, Math.abs(s1[i])));
        }
      }
    }
  }

  @Test
  void fewer_candidates_than_k_returns_all_remaining_and_ties_go_to_the_lower_ordinal() {
    float[] data = {1, 1, 1, 1, 1, 1};
    int[] o = new int[5];
    float[] s = new float[5];
    int n = new ExactVectorApiIndex(data, 2).search(new float[] {1, 0}, 5, SearchFilter.excluding(new int[] {1}), o, s);
    assertEquals(2, n);
    assertArrayEquals(new int[] {0, 2}, Arrays.copyOf(o, n));
  }

  @Test
  void an_allow_list_restricts_the_scan_and_exclusions_still_apply() {
    float[] data = {5, 0, 4, 0, 3, 0, 2, 0, 1, 0};
    java.util.BitSet allowed = new java.util.BitSet();
    allowed.set(1);
    allowed.set(3);
    allowed.set(4);
    int[] o = new int[5];
    float[] s = new float[5];
    SearchFilter f = SearchFilter.excluding(new int[] {3}).restrictedTo(allowed);
    int n = new ExactScalarIndex(data, 2).search(new float[] {1, 0}, 5, f, o, s);
    assertArrayEquals(new int[] {1, 4}, Arrays.copyOf(o, n));
    assertEquals(n, new ExactVectorApiIndex(data, 2).search(new float[] {1, 0}, 5, f, o, s));
    assertArrayEquals(new int[] {1, 4}, Arrays.copyOf(o, n));
    assertArrayEquals(new int[] {1, 2, 3, 5, 8}, SearchFilter.union(new int[] {1, 3, 5}, new int[] {2, 3, 8}));
  }

  @Test
  void normalized_rows_have_unit_length_and_zero_rows_stay_zero() {
    float[] out = Indexes.normalizedRows(new float[] {3, 4, 0, 0}, 2);
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, out, 1e-6f);
  }
}
