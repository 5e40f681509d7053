package io.affinity.store.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.IndexPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Norm slicing of recommendation indexes and the files the writer produces. */
class AnnIndexWriterTest {
  @TempDir Path tmp;

  /** 1-D vectors whose norms are {@code 1, 1.001, ...}: a 1.001^n spread. */
  private static float[] geometric(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.pow(1.001, i);
    }
    return x;
  }

  @Test
  void slices_keep_norms_within_the_ratio_and_hold_at_least_the_minimum() {
    int n = 5000; // norms 1 .. ~148
    float[] x = geometric(n);
    int[] order = AnnTransforms.byDescendingNorm(x, 1);
    List<int[]> slices = AnnIndexWriter.normSlices(x, 1, order, 2.0);
    assertEquals(0, slices.get(0)[0]);
    assertEquals(n, slices.get(slices.size() - 1)[1]);
    for (int s = 0; s < slices.size(); s++) {
      int from = slices.get(s)[0];
      int to = slices.get(s)[1];
      assertTrue(to - from >= AnnIndexWriter.MIN_PART_NODES, "slice " + s + " has " + (to - from) + " rows");
      if (s > 0) {
        assertEquals(slices.get(s - 1)[1], from, "no gaps");
      }
      double ratio = Math.abs(x[order[from]]) / Math.abs(x[order[to - 1]]);
      if (to - from > AnnIndexWriter.MIN_PART_NODES && s < slices.size() - 1) {
        assertTrue(ratio <= 2.0 * 1.001, "slice " + s + " spans a norm ratio of " + ratio);
      }
    }
    assertEquals(1, AnnIndexWriter.normSlices(x, 1, order, 1e6).size(), "a huge ratio gives one slice");
  }

  @Test
  void a_recommend_index_lists_its_order_file_and_one_graph_per_slice() throws Exception {
    float[] x = geometric(3000);
    IndexInfo info = AnnIndexWriter.write(tmp, "als/items.recommend", "als", IndexInfo.RECOMMEND, x, 1,
        new AnnParams(8, 16, 1.2f, 1.2f, 1.5), 1);
    assertEquals(3000, info.nodes());
    assertEquals(2, info.dimension(), "MIPS adds one dimension");
    assertEquals(12_000, Files.size(tmp.resolve(info.order())), "int32 per row");
    assertTrue(info.parts().size() >= 2, "norms spread 20x: several slices, got " + info.parts().size());
    float previous = Float.MAX_VALUE;
    for (IndexPart p : info.parts()) {
      assertTrue(Files.size(tmp.resolve(p.path())) > 0, p.path());
      assertTrue(p.maxNorm() < previous, "parts go from the longest vectors down");
      previous = p.maxNorm();
    }
  }
}
