package io.affinity.store.ann;

import io.affinity.store.StoreException;
import io.affinity.store.manifest.IndexInfo;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndexWriter;
import io.github.jbellis.jvector.graph.disk.feature.FeatureId;
import io.github.jbellis.jvector.graph.disk.feature.InlineVectors;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds a JVector graph over a space's item vectors and writes it, vectors inline, to one file
 * that serving memory-maps. Node ordinal {@code i} is row {@code i} of the item table.
 */
public final class AnnIndexWriter {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

  private AnnIndexWriter() {}

  /**
   * Builds and writes a graph for {@code purpose}.
   *
   * @param file the index file to create, inside the staged snapshot
   * @param relativePath its path relative to the snapshot root (for the manifest)
   * @param space the space name
   * @param purpose {@link IndexInfo#RECOMMEND} (MIPS over raw vectors) or {@link IndexInfo#SIMILAR} (cosine)
   * @param data item vectors, row-major {@code n x dim}
   * @param threads construction threads (a named pool is created and shut down here)
   * @return the manifest entry describing the index
   */
  public static IndexInfo write(Path file, String relativePath, String space, String purpose, float[] data,
      int dim, AnnParams params, int threads) {
    boolean mips = IndexInfo.RECOMMEND.equals(purpose);
    if (!mips && !IndexInfo.SIMILAR.equals(purpose)) {
      throw new IllegalArgumentException("unknown index purpose '" + purpose + "'");
    }
    float maxNorm = mips ? AnnTransforms.maxNorm(data, dim) : 1f;
    float[] vectors = mips ? AnnTransforms.mipsItems(data, dim, maxNorm) : AnnTransforms.unitRows(data, dim);
    int d = mips ? dim + 1 : dim;
    int n = vectors.length / d;
    List<VectorFloat<?>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(VTS.createFloatVector(Arrays.copyOfRange(vectors, i * d, (i + 1) * d)));
    }
    RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(rows, d);
    BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads), p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("ann-build-" + t.getPoolIndex());
      return t;
    }, null, false);
    try (GraphIndexBuilder builder = new GraphIndexBuilder(bsp, d, List.of(params.maxDegree()), params.beamWidth(),
        params.neighborOverflow(), params.alpha(), true, true, pool, pool)) {
      ImmutableGraphIndex graph = builder.build(ravv);
      try (OnDiskGraphIndexWriter writer = new OnDiskGraphIndexWriter.Builder(graph, file)
          .with(new InlineVectors(d)).build()) {
        writer.write(Map.of(FeatureId.INLINE_VECTORS, node -> new InlineVectors.State(ravv.getVector(node))));
      }
    } catch (IOException e) {
      throw new StoreException("cannot build ANN index " + file + ": " + e.getMessage(), e);
    } finally {
      pool.shutdown();
    }
    return new IndexInfo(space, purpose, relativePath, "jvector-graph", d, maxNorm, n,
        Map.of("maxDegree", params.maxDegree(), "beamWidth", params.beamWidth(),
            "neighborOverflow", params.neighborOverflow(), "alpha", params.alpha()));
  }
}
