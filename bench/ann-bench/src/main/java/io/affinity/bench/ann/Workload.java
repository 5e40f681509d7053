package io.affinity.bench.ann;

import io.affinity.serving.index.FlatVectors;
import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.SearchFilter;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.SnapshotStore;
import io.affinity.store.read.VectorTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The vectors and queries every engine is measured on: a store's ALS item factors (raw, and unit
 * rows for cosine), random users with their known items (recommendations) and random items
 * (similar items), with the exact top 10 of each computed once by the exact scan.
 */
final class Workload {
  static final int K = 10;
  final float[] items;
  final float[] unit;
  final int dim;
  final int n;
  final FlatVectors raw;
  final FlatVectors unitIndex;
  final float[][] userQueries;
  final int[][] excluded;
  final int[] itemQueries;
  final float[][] itemQueryVectors;
  final float[] recKth;
  final float[] simKth;
  final String description;
  /** The snapshot's neighbour graph file, or null when it has none. */
  final Path graphFile;

  Workload(Path store, int queries, long seed) {
    Snapshot snap = new SnapshotStore(store).openCurrent().orElseThrow(() -> new IllegalArgumentException(
        "store " + store + " has no current snapshot"));
    this.graphFile = snap.manifest().index("als", io.affinity.store.manifest.IndexInfo.GRAPH)
        .map(g -> snap.dir().resolve(g.parts().get(0).path())).orElse(null);
    VectorTable it = snap.vectors("als", false);
    VectorTable us = snap.vectors("als", true);
    this.items = it.data();
    this.dim = it.dim();
    this.n = it.size();
    this.unit = Indexes.normalizedRows(items, dim);
    this.raw = Indexes.exact(items, dim);
    this.unitIndex = Indexes.exact(unit, dim);
    Map<String, int[]> known = new HashMap<>();
    snap.forEachKnownItems(r -> known.put(r.userId(), r.itemIds().stream().mapToInt(it::ordinal).filter(x -> x >= 0)
        .sorted().distinct().toArray()));
    SplittableRandom r = new SplittableRandom(seed);
    userQueries = new float[queries][];
    excluded = new int[queries][];
    recKth = new float[queries];
    int[] o = new int[K];
    float[] s = new float[K];
    for (int q = 0; q < queries; q++) {
      int u = r.nextInt(us.size());
      userQueries[q] = us.vector(u);
      excluded[q] = known.getOrDefault(us.id(u), new int[0]);
      raw.search(userQueries[q], K, SearchFilter.excluding(excluded[q]), o, s);
      recKth[q] = s[K - 1];
    }
    itemQueries = new int[queries];
    itemQueryVectors = new float[queries][];
    simKth = new float[queries];
    for (int q = 0; q < queries; q++) {
      itemQueries[q] = r.nextInt(n);
      itemQueryVectors[q] = Arrays.copyOfRange(unit, itemQueries[q] * dim, (itemQueries[q] + 1) * dim);
      unitIndex.search(itemQueryVectors[q], K, SearchFilter.excluding(new int[] {itemQueries[q]}), o, s);
      simKth[q] = s[K - 1];
    }
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      norms[i] = io.affinity.store.ann.AnnTransforms.norm(items, i, dim);
    }
    Arrays.sort(norms);
    double positive = Arrays.stream(norms).filter(v -> v > 0).findFirst().orElse(0);
    description = String.format(java.util.Locale.ROOT, "%,d items x %d from %s; item norms min %.5f, median %.5f,"
        + " max %.3f (max/median %.0fx); %,d user and %,d item queries", n, dim, store, positive, norms[n / 2],
        norms[n - 1], norms[n - 1] / norms[n / 2], queries, queries);
  }

  /** Whether a returned score counts as a hit for query {@code q}: at least the exact k-th (ties count). */
  static boolean hit(float score, float kth) {
    return score >= kth - 1e-6f * Math.abs(kth);
  }
}
