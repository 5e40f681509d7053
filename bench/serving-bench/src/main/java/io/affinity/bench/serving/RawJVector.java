package io.affinity.bench.serving;

import io.affinity.store.ann.AnnTransforms;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.IndexPart;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference for our search path's overhead: the same on-disk graphs searched by plain JVector
 * calls, the way a user of the library would: JVector's own exact score over the graphs' inline
 * (MIPS-transformed) vectors, every part searched with the same ef, scores mapped back to inner
 * products ({@code (2s - 1) * maxNorm * |q|}) and merged. Single-threaded.
 */
final class RawJVector implements AutoCloseable {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private final List<ReaderSupplier> readers = new ArrayList<>();
  private final List<OnDiskGraphIndex> graphs = new ArrayList<>();
  private final List<GraphSearcher> searchers = new ArrayList<>();
  private final List<int[]> rows = new ArrayList<>();
  private final List<Float> maxNorms = new ArrayList<>();
  private final int ef;

  RawJVector(Path snapshotDir, IndexInfo info, int ef) throws IOException {
    this.ef = ef;
    byte[] bytes = Files.readAllBytes(snapshotDir.resolve(info.order()));
    int[] order = new int[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(order);
    for (IndexPart p : info.parts()) {
      ReaderSupplier rs = ReaderSupplierFactory.open(snapshotDir.resolve(p.path()));
      OnDiskGraphIndex g = OnDiskGraphIndex.load(rs);
      readers.add(rs);
      graphs.add(g);
      searchers.add(new GraphSearcher(g));
      rows.add(Arrays.copyOfRange(order, (int) p.offset(), (int) (p.offset() + p.nodes())));
      maxNorms.add(p.maxNorm());
    }
  }

  /** Top-k rows by inner product (approximate), skipping {@code excludedSorted}. */
  int search(float[] query, int k, int[] excludedSorted, int[] outRows, float[] outScores) {
    float[] q = new float[query.length + 1];
    AnnTransforms.mipsQuery(query, q);
    double qn = 0;
    for (float v : query) {
      qn += (double) v * v;
    }
    qn = Math.sqrt(qn);
    float[] best = new float[k];
    int[] bestRows = new int[k];
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    int n = 0;
    for (int p = 0; p < graphs.size(); p++) {
      GraphSearcher s = searchers.get(p);
      int[] r = rows.get(p);
      Bits accept = excludedSorted.length == 0 ? Bits.ALL : node -> Arrays.binarySearch(excludedSorted, r[node]) < 0;
      var ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(q), VectorSimilarityFunction.DOT_PRODUCT,
          (RandomAccessVectorValues) s.getView());
      SearchResult result = s.search(ssp, Math.max(k, ef), Math.max(k, ef), 0f, 0f, accept);
      for (SearchResult.NodeScore ns : result.getNodes()) {
        float score = (float) ((2 * ns.score - 1) * maxNorms.get(p) * qn);
        if (n < k) {
          n++;
        } else if (score <= best[k - 1]) {
          continue;
        }
        int i = Math.min(n, k) - 1;
        while (i > 0 && best[i - 1] < score) {
          best[i] = best[i - 1];
          bestRows[i] = bestRows[i - 1];
          i--;
        }
        best[i] = score;
        bestRows[i] = r[ns.node];
      }
    }
    System.arraycopy(bestRows, 0, outRows, 0, n);
    System.arraycopy(best, 0, outScores, 0, n);
    return n;
  }

  @Override
  public void close() throws IOException {
    for (GraphSearcher s : searchers) {
      s.close();
    }
    for (OnDiskGraphIndex g : graphs) {
      g.close();
    }
    for (ReaderSupplier r : readers) {
      r.close();
    }
  }
}
