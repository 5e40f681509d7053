package io.affinity.bench.ann;

import io.affinity.serving.index.TopKCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene 10 HNSW as its users run it: one segment of {@code KnnFloatVectorField}s
 * ({@code MAXIMUM_INNER_PRODUCT} over the raw factors for recommendations, {@code DOT_PRODUCT} over
 * unit rows for similar items), searched through the leaf reader with a {@link TopKnnCollector} of
 * {@code ef} (the query's {@code k}), its scores mapped back to inner products. Excluded items are
 * dropped after the search from {@code ef + |excluded|} results (cheaper than Lucene's filter, as
 * measured in PLATFORM-NOTES).
 */
final class LuceneEngine implements AutoCloseable {
  private final DirectoryReader reader;
  private final LeafReader leaf;
  private final boolean mip;
  private final AcceptDocs all;
  final double buildSeconds;
  private final Path dir;

  LuceneEngine(float[] vectors, int dim, boolean mip, int m, int beam) throws IOException {
    this.mip = mip;
    int n = vectors.length / dim;
    dir = Files.createTempDirectory("affinity-lucene-bench");
    long t0 = System.nanoTime();
    IndexWriterConfig cfg = new IndexWriterConfig().setCodec(new Lucene104Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return new Lucene99HnswVectorsFormat(m, beam);
      }
    }).setRAMBufferSizeMB(8192).setUseCompoundFile(false);
    VectorSimilarityFunction sim = mip ? VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT
        : VectorSimilarityFunction.DOT_PRODUCT;
    try (FSDirectory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, cfg)) {
      for (int i = 0; i < n; i++) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField("v", Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim), sim));
        w.addDocument(doc);
      }
      w.forceMerge(1);
    }
    buildSeconds = (System.nanoTime() - t0) / 1e9;
    reader = DirectoryReader.open(FSDirectory.open(dir));
    leaf = reader.leaves().get(0).reader();
    all = AcceptDocs.fromLiveDocs(null, n);
  }

  /** A searcher keeping {@code ef} candidates for the queries {@code query(q)} excluding {@code excluded(q)}. */
  Searcher searcher(int ef, java.util.function.IntFunction<float[]> query,
      java.util.function.IntFunction<int[]> excluded) {
    TopKCollector top = new TopKCollector(Workload.K);
    return (q, o, s) -> {
      int[] ex = excluded.apply(q);
      TopKnnCollector c = new TopKnnCollector(Math.max(ef, Workload.K) + ex.length, Integer.MAX_VALUE);
      try {
        leaf.searchNearestVectors("v", query.apply(q), c, all);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      top.reset(Workload.K);
      for (ScoreDoc sd : c.topDocs().scoreDocs) {
        if (ex.length == 0 || Arrays.binarySearch(ex, sd.doc) < 0) {
          top.offer(sd.doc, dot(sd.score));
        }
      }
      return top.drainTo(o, s);
    };
  }

  /** Lucene's similarity score back to the inner product (VectorUtil's scalings inverted). */
  private float dot(float score) {
    if (!mip) {
      return 2 * score - 1;
    }
    return score >= 1 ? score - 1 : 1 - 1 / score;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    io.affinity.store.StoreFiles.deleteTree(dir);
  }
}
