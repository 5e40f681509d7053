package io.affinity.jobs.train;

import io.affinity.jobs.util.Progress;
import io.affinity.store.ann.AnnIndexWriter;
import io.affinity.store.ann.AnnParams;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.publish.StagedSnapshot;
import java.util.List;

/**
 * Builds a space's two ANN indexes on the driver from the item table just written into the staged
 * snapshot: {@code SPACE/items.recommend.*} (maximum inner product, graphs per norm range, for
 * recommendations) and {@code SPACE/items.similar.jvector} (cosine, for similar items).
 */
final class AnnBuild {
  private AnnBuild() {}

  static List<IndexInfo> build(StagedSnapshot staged, String space, int dim, AnnParams params, Progress progress) {
    int[] n = {0};
    float[][] buf = {new float[dim * 1024]};
    SnapshotTables.forEachVector(staged.vectorTableDir(space, false), row -> {
      if ((n[0] + 1) * dim > buf[0].length) {
        buf[0] = java.util.Arrays.copyOf(buf[0], buf[0].length * 2);
      }
      System.arraycopy(row.vector(), 0, buf[0], n[0] * dim, dim);
      n[0]++;
    });
    float[] data = java.util.Arrays.copyOf(buf[0], n[0] * dim);
    // One thread: JVector's parallel build is not deterministic, and identical inputs must give
    // identical snapshot files (tests rely on it; idempotent reruns will too). It costs ~2x build time.
    int threads = 1;
    long t0 = System.nanoTime();
    IndexInfo recommend = AnnIndexWriter.write(staged.dir(), space + "/items.recommend", space,
        IndexInfo.RECOMMEND, data, dim, params, threads);
    IndexInfo similar = AnnIndexWriter.write(staged.dir(), space + "/items.similar", space,
        IndexInfo.SIMILAR, data, dim, params, threads);
    progress.info("ANN graphs (JVector, M=%d) over %s items built in %.1fs", params.maxDegree(),
        Progress.count(n[0]), (System.nanoTime() - t0) / 1e9);
    return List.of(recommend, similar);
  }
}
