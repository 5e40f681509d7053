package io.affinity.serving.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.ann.AnnIndexWriter;
import io.affinity.store.ann.AnnParams;
import io.affinity.store.manifest.IndexInfo;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANN recall against the exact reference, on unnormalised (ALS-like) vectors. */
class AnnIndexTest {
  private static final int N = 8_000;
  private static final int DIM = 32;
  @TempDir Path tmp;

  /**
   * Clustered vectors whose norms vary by 10x, like ALS factors of popular vs niche items. Items
   * and queries (users) share the cluster centres, as they do in one ALS factorisation; only the
   * sampling seed differs. (Queries from unrelated directions are harder for any graph: about
   * 0.89 recall@10 at ef=100 in our checks. Real user and item vectors are not like that.)
   */
  private static float[] alsLike(int n, long seed) {
    SplittableRandom centres = new SplittableRandom(42);
    float[] centers = new float[20 * DIM];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) centres.nextGaussian();
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(20);
      float scale = (float) (0.2 + 2 * r.nextDouble() * r.nextDouble());
      for (int d = 0; d < DIM; d++) {
        x[i * DIM + d] = scale * (centers[c * DIM + d] + 0.5f * (float) r.nextGaussian());
      }
    }
    return x;
  }

  private static double recall(VectorIndex ann, VectorIndex exact, float[] queries, int k, int[] exclude) {
    int hits = 0;
    int total = 0;
    for (int q = 0; q < queries.length / DIM; q++) {
      float[] query = Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
      int[] a = new int[k];
      int[] e = new int[k];
      float[] s = new float[k];
      int na = ann.search(query, k, exclude, a, s);
      int ne = exact.search(query, k, exclude, e, s);
      assertEquals(ne, na);
      Set<Integer> truth = new HashSet<>();
      for (int i = 0; i < ne; i++) {
        truth.add(e[i]);
      }
      for (int i = 0; i < na; i++) {
        hits += truth.contains(a[i]) ? 1 : 0;
        assertTrue(Arrays.binarySearch(exclude, a[i]) < 0, "excluded item returned");
      }
      total += ne;
    }
    return (double) hits / total;
  }

  @Test
  void mips_graph_finds_the_true_top_10_by_inner_product_on_unnormalised_vectors() {
    float[] x = alsLike(N, 1);
    Path file = tmp.resolve("r.jvector");
    AnnIndexWriter.write(file, "r.jvector", "als", IndexInfo.RECOMMEND, x, DIM, AnnParams.DEFAULTS, 1);
    // Single-threaded builds are deterministic, so these recalls are the same on every run.
    try (AnnIndex atDefault = new AnnIndex(file, x, DIM, true, 200)) {
      double r = recall(atDefault, new ExactScalarIndex(x, DIM), alsLike(200, 2), 10, new int[0]);
      System.out.printf("MIPS recall@10 at the default ef=200 = %.4f%n", r);
      assertTrue(r >= 0.93, "MIPS recall@10 at ef=200 " + r);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    try (AnnIndex ann = new AnnIndex(file, x, DIM, true, 400)) {
      double r = recall(ann, new ExactScalarIndex(x, DIM), alsLike(200, 2), 10, new int[0]);
      System.out.printf("MIPS recall@10 at ef=400 = %.4f%n", r);
      assertTrue(r >= 0.95, "MIPS recall@10 " + r);
      int[] exclude = IntStream.range(0, N).filter(i -> i % 3 == 0).toArray();
      double re = recall(ann, new ExactScalarIndex(x, DIM), alsLike(100, 3), 10, exclude);
      System.out.printf("MIPS recall@10 excluding a third of the items = %.4f%n", re);
      assertTrue(re >= 0.95, "MIPS recall@10 with exclusions " + re);
      assertEquals("ann", ann.kind());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void naive_dot_product_graph_would_be_worse_than_the_mips_transform() {
    // The reference point that makes the MIPS test meaningful: ranking unnormalised vectors by
    // cosine (what a graph over normalised vectors returns) misses many true inner-product winners.
    float[] x = alsLike(N, 1);
    VectorIndex cosine = new ExactScalarIndex(Indexes.normalizedRows(x, DIM), DIM);
    double r = recall(cosine, new ExactScalarIndex(x, DIM), alsLike(200, 2), 10, new int[0]);
    System.out.printf("cosine ranking as a stand-in for inner product: recall@10 = %.4f%n", r);
    assertTrue(r < 0.9, "norms must matter in this fixture, got " + r);
  }

  @Test
  void cosine_graph_finds_the_true_most_similar_items() throws Exception {
    float[] unit = Indexes.normalizedRows(alsLike(N, 4), DIM);
    Path file = tmp.resolve("s.jvector");
    AnnIndexWriter.write(file, "s.jvector", "als", IndexInfo.SIMILAR, unit, DIM, AnnParams.DEFAULTS, 1);
    try (AnnIndex ann = new AnnIndex(file, unit, DIM, false, 100)) {
      double r = recall(ann, new ExactScalarIndex(unit, DIM), Indexes.normalizedRows(alsLike(200, 5), DIM), 10, new int[0]);
      System.out.printf("cosine recall@10 = %.4f%n", r);
      assertTrue(r >= 0.95, "cosine recall@10 " + r);
    }
  }

  @Test
  void an_index_that_does_not_match_the_vectors_is_refused() {
    float[] x = alsLike(500, 6);
    Path file = tmp.resolve("m.jvector");
    AnnIndexWriter.write(file, "m.jvector", "als", IndexInfo.RECOMMEND, x, DIM, AnnParams.DEFAULTS, 1);
    float[] fewer = Arrays.copyOf(x, 400 * DIM);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AnnIndex(file, fewer, DIM, true, 100));
    assertTrue(e.getMessage().contains("500 nodes"), e.getMessage());
    assertThrows(UncheckedIOException.class, () -> new AnnIndex(tmp.resolve("missing"), x, DIM, true, 100));
  }
}
