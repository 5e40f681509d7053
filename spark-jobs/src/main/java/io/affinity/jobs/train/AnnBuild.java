package io.affinity.jobs.train;

import io.affinity.jobs.util.Progress;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.publish.StagedSnapshot;
import java.util.List;

/**
 * Builds a space's neighbour graph on the driver from the item table just written into the staged
 * snapshot: {@code SPACE/items.graph}, over the items' directions, which serving walks for both
 * recommendations and similar items.
 */
final class AnnBuild {
  private AnnBuild() {}

  static List<IndexInfo> build(StagedSnapshot staged, String space, int dim, GraphParams params, Progress progress) {
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
    long t0 = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong inserted = new java.util.concurrent.atomic.AtomicLong();
    IndexInfo graph;
    try (AutoCloseable ticker = progress.every(20, () -> {
      long done = inserted.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      return String.format(java.util.Locale.ROOT, "  neighbour graph of %s: %s of %s items inserted, %.0f s, ETA %s", space,
          Progress.count(done), Progress.count(n[0]), secs,
          done == 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.0f s", secs * (n[0] - done) / done));
    })) {
      graph = GraphWriter.write(staged.dir(), space + "/items.graph", space, data, dim, params, inserted);
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    progress.info("neighbour graph (M=%d, beam %d, %d thread%s) over %s items built in %.1fs", params.maxDegree(),
        params.beamWidth(), params.threads(), params.threads() == 1 ? "" : "s", Progress.count(n[0]),
        (System.nanoTime() - t0) / 1e9);
    return List.of(graph);
  }
}
