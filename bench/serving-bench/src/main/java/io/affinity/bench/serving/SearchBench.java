package io.affinity.bench.serving;

import io.affinity.serving.index.ExactScalarIndex;
import io.affinity.serving.index.ExactVectorApiIndex;
import io.affinity.serving.index.VectorIndex;
import java.util.Arrays;
import java.util.Locale;

/**
 * Exact top-10 search latency, one thread: the Java Vector API index against the scalar reference
 * on the same vectors and queries, with a check that both return the same ids.
 *
 * <p>Usage: {@code SearchBench N DIM QUERIES}
 */
public final class SearchBench {
  private SearchBench() {}

  /** Runs the benchmark and prints its figures and the ratio. */
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    int queries = Integer.parseInt(args[2]);
    float[] data = Vectors.clustered(n, dim, 50, 1);
    float[] qs = Vectors.clustered(queries + 200, dim, 50, 2);
    VectorIndex scalar = new ExactScalarIndex(data, dim);
    VectorIndex simd = new ExactVectorApiIndex(data, dim);
    io.affinity.serving.index.SearchFilter exclude = io.affinity.serving.index.SearchFilter.NONE;
    int[] o1 = new int[10];
    int[] o2 = new int[10];
    float[] s = new float[10];
    int mismatches = 0;
    for (int q = 0; q < 200; q++) { // warm-up, and the equality check
      float[] query = Arrays.copyOfRange(qs, q * dim, (q + 1) * dim);
      scalar.search(query, 10, exclude, o1, s);
      simd.search(query, 10, exclude, o2, s);
      mismatches += Arrays.equals(o1, o2) ? 0 : 1;
    }
    Latencies ls = run(scalar, qs, dim, queries);
    Latencies lv = run(simd, qs, dim, queries);
    Latencies floor = new Latencies(queries);
    double sink = 0;
    for (int q = 0; q < queries; q++) {
      long t = System.nanoTime();
      sink += stream(data);
      floor.add(System.nanoTime() - t);
    }
    System.out.printf(Locale.ROOT, "exact top-10, %,d x %d floats, %d queries, 1 thread%n", n, dim, queries);
    System.out.println("  scalar reference : " + ls.summary());
    System.out.println("  Vector API       : " + lv.summary());
    System.out.println("  memory floor     : " + floor.summary() + "  (one streaming read of the vectors)");
    System.out.printf(Locale.ROOT, "  ratio scalar/VectorAPI p50 = %.2fx; VectorAPI/floor = %.2fx;"
        + " identical top-10 in %d/200 checks%n",
        ls.percentileMicros(50) / lv.percentileMicros(50),
        lv.percentileMicros(50) / floor.percentileMicros(50), 200 - mismatches);
    if (sink == Double.MIN_VALUE) {
      System.out.println(); // keeps the floor loop from being optimised away
    }
  }

  /** Sums every float once: the least work any exact scan must do (memory bandwidth). */
  private static double stream(float[] data) {
    jdk.incubator.vector.VectorSpecies<Float> sp = jdk.incubator.vector.FloatVector.SPECIES_256;
    jdk.incubator.vector.FloatVector acc = jdk.incubator.vector.FloatVector.zero(sp);
    int bound = sp.loopBound(data.length);
    for (int i = 0; i < bound; i += sp.length()) {
      acc = acc.add(jdk.incubator.vector.FloatVector.fromArray(sp, data, i));
    }
    return acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  private static Latencies run(VectorIndex index, float[] qs, int dim, int queries) {
    Latencies l = new Latencies(queries);
    int[] o = new int[10];
    float[] s = new float[10];
    io.affinity.serving.index.SearchFilter exclude = io.affinity.serving.index.SearchFilter.NONE;
    for (int q = 0; q < queries; q++) {
      float[] query = Arrays.copyOfRange(qs, (200 + q) * dim, (201 + q) * dim);
      long t = System.nanoTime();
      index.search(query, 10, exclude, o, s);
      l.add(System.nanoTime() - t);
    }
    return l;
  }
}
