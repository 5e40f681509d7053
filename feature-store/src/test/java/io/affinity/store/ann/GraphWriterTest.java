package io.affinity.store.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.manifest.IndexInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer builds a graph whose neighbours are near in direction, deterministically. */
class GraphWriterTest {
  @TempDir Path tmp;

  /** {@code n} vectors around {@code clusters} random directions, norms spread 100x (as ALS makes them). */
  static float[] clustered(int n, int dim, int clusters, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
    }
    float[] x = new float[n * dim];
    for (int i = 0; i < n; i++) {
      float scale = (float) Math.pow(100, -r.nextDouble());
      for (int d = 0; d < dim; d++) {
        x[i * dim + d] = scale * (centres[i % clusters][d] + 0.3f * (float) r.nextGaussian());
      }
    }
    return x;
  }

  @Test
  void neighbours_share_the_node_direction_cluster_whatever_the_norm() {
    int n = 3000;
    int clusters = 20;
    float[] x = clustered(n, 16, clusters, 3);
    GraphFile.Adjacency g = GraphWriter.build(AnnTransforms.unitRows(x, 16), 16, new GraphParams(8, 32, 1.2f, 1.2f, 1));
    int same = 0;
    int all = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < g.degree(); j++) {
        int v = g.neighbors()[i * g.degree() + j];
        if (v >= 0) {
          all++;
          same += v % clusters == i % clusters ? 1 : 0;
        }
      }
    }
    assertTrue(all >= n * 4, "most nodes keep several neighbours: " + all);
    assertTrue(same > 0.8 * all, "neighbours in the same cluster: " + same + " of " + all);
  }

  @Test
  void a_single_threaded_build_is_deterministic_and_lists_its_file() throws Exception {
    float[] x = clustered(1500, 8, 10, 5);
    GraphParams p = new GraphParams(8, 32, 1.2f, 1.4f, 1);
    IndexInfo a = GraphWriter.write(tmp.resolve("a"), "als/items.graph", "als", x, 8, p);
    IndexInfo b = GraphWriter.write(tmp.resolve("b"), "als/items.graph", "als", x, 8, p);
    assertEquals(IndexInfo.GRAPH, a.purpose());
    assertEquals(1500, a.nodes());
    assertEquals("als/items.graph", a.parts().get(0).path());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a/als/items.graph")),
        Files.readAllBytes(tmp.resolve("b/als/items.graph")));
    assertEquals(1500, GraphFile.read(tmp.resolve("a/als/items.graph"), 1500).nodes());
  }
}
