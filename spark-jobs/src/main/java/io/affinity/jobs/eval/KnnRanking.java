package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Item-kNN's ranked list for each evaluated user, computed as a blocked sparse product in Spark.
 *
 * <p>The contributions table ({@link SparkItemKnn#contributions}) is cut by candidate item into
 * ranges holding at most {@code chunkEntries} entries each, every range a compact CSR chunk; user
 * blocks are paired with every chunk (Spark's cartesian product), and each pair scores its users
 * over the chunk's candidates and keeps their best {@code maxK}. Per user the chunks' lists merge
 * into the exact top {@code maxK}, ordered as {@link TopK} orders them (score, then the lower
 * index), the user's training items excluded. Only the short ranked lists are shuffled per user:
 * neighbourhoods never travel in user rows (at 5M events those rows were 11 GB of shuffle), and no
 * executor holds more than one chunk of the table at a time.
 *
 * <p>Each score is summed over the user's training items in ascending order, the order
 * {@link ItemKnn#score} is given by the evaluation's sorted training lists.
 */
final class KnnRanking {
  /** The Spark setting for the most contributions one chunk holds. */
  static final String CHUNK_CONF = "spark.affinity.knn.chunkEntries";
  /** Default for {@link #CHUNK_CONF}: 4M entries, 32 MB of arrays per chunk. */
  static final long DEFAULT_CHUNK_ENTRIES = 4_000_000L;
  /** Users scored together against one chunk. */
  static final int USERS_PER_BLOCK = 1024;
  /** Output columns: {@code u} int, {@code knn} array&lt;int&gt; (best first). */
  static final StructType SCHEMA = new StructType().add("u", DataTypes.IntegerType)
      .add("knn", DataTypes.createArrayType(DataTypes.IntegerType, false));

  /** What {@link #rank} built: the ranked lists, cached until {@link #release}. */
  record Ranked(Dataset<Row> lists, int chunks, long entries, JavaPairRDD<Integer, Cand> cached) {
    void release() {
      cached.unpersist(false);
    }
  }

  private KnnRanking() {}

  /**
   * Ranks every user of {@code users}.
   *
   * @param users columns {@code u} (int) and {@code train_items} (array of int)
   * @param contributions {@link SparkItemKnn#CONTRIBUTIONS} rows
   * @param numItems the item index size
   * @param maxK the list length kept per user (the largest cut-off)
   * @param chunkEntries the most contributions one chunk holds
   */
  static Ranked rank(Dataset<Row> users, Dataset<Row> contributions, int numItems, int maxK, long chunkEntries) {
    if (chunkEntries < 1) {
      throw new IllegalArgumentException(CHUNK_CONF + " must be >= 1, got " + chunkEntries);
    }
    contributions = contributions.persist(StorageLevel.MEMORY_AND_DISK());
    Row total = contributions.select(sum(size(col("to")))).first();
    long entries = total.isNullAt(0) ? 0 : total.getLong(0);
    int chunks = (int) Math.max(1, Math.min(numItems, (entries + chunkEntries - 1) / chunkEntries));
    int span = (numItems + chunks - 1) / chunks;
    JavaRDD<Chunk> chunked = contributions.javaRDD()
        .flatMapToPair(r -> Segment.split(r, span))
        .groupByKey(new HashPartitioner(chunks))
        .mapPartitionsWithIndex((c, it) -> List.of(Chunk.build(c, span, numItems, it)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<UserBlock> blocks = users.select("u", "train_items").javaRDD()
        .mapPartitions(UserBlock::of).persist(StorageLevel.MEMORY_AND_DISK());
    int parts = Math.max(1, blocks.getNumPartitions());
    JavaPairRDD<Integer, Cand> ranked = blocks.cartesian(chunked)
        .flatMapToPair(p -> score(p._1(), p._2(), maxK))
        .reduceByKey((a, b) -> Cand.merge(a, b, maxK), parts)
        .persist(StorageLevel.MEMORY_AND_DISK());
    ranked.count();
    contributions.unpersist(false);
    chunked.unpersist(false);
    blocks.unpersist(false);
    JavaRDD<Row> rows = ranked.map(t -> RowFactory.create(t._1(), t._2().idx()));
    Dataset<Row> lists = users.sparkSession().createDataFrame(rows, SCHEMA);
    return new Ranked(lists, chunks, entries, ranked);
  }

  /** Scores one block of users over one chunk: per user, the chunk's best {@code maxK}. */
  static Iterator<Tuple2<Integer, Cand>> score(UserBlock block, Chunk chunk, int maxK) {
    int len = chunk.hi() - chunk.lo();
    float[] scores = new float[len];
    int[] excluded = new int[len];
    int[] out = new int[maxK];
    TopK top = new TopK(maxK);
    List<Tuple2<Integer, Cand>> result = new ArrayList<>(block.users().length);
    for (int b = 0; b < block.users().length; b++) {
      int stamp = b + 1;
      Arrays.fill(scores, 0f);
      for (int i : block.train()[b]) {
        chunk.addInto(i, scores);
        if (i >= chunk.lo() && i < chunk.hi()) {
          excluded[i - chunk.lo()] = stamp;
        }
      }
      int got = top.select(scores, excluded, stamp, out);
      int[] idx = new int[got];
      float[] s = new float[got];
      for (int x = 0; x < got; x++) {
        idx[x] = out[x] + chunk.lo();
        s[x] = scores[out[x]];
      }
      result.add(new Tuple2<>(block.users()[b], new Cand(idx, s)));
    }
    return result.iterator();
  }

  /** A best-first candidate list: item indices and their scores. */
  record Cand(int[] idx, float[] score) implements Serializable {
    /** The best {@code k} of two best-first lists, in {@link TopK}'s order (score, then lower index). */
    static Cand merge(Cand a, Cand b, int k) {
      int n = Math.min(k, a.idx.length + b.idx.length);
      int[] idx = new int[n];
      float[] s = new float[n];
      int x = 0;
      int y = 0;
      for (int o = 0; o < n; o++) {
        boolean takeA = y >= b.idx.length || (x < a.idx.length && (a.score[x] > b.score[y]
            || (a.score[x] == b.score[y] && a.idx[x] < b.idx[y])));
        if (takeA) {
          idx[o] = a.idx[x];
          s[o] = a.score[x++];
        } else {
          idx[o] = b.idx[y];
          s[o] = b.score[y++];
        }
      }
      return new Cand(idx, s);
    }
  }

  /** Users scored together: indices and their training items, ascending. */
  record UserBlock(int[] users, int[][] train) implements Serializable {
    static Iterator<UserBlock> of(Iterator<Row> rows) {
      List<UserBlock> out = new ArrayList<>();
      int[] u = new int[USERS_PER_BLOCK];
      int[][] t = new int[USERS_PER_BLOCK][];
      int n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        List<Integer> items = r.getList(1);
        int[] a = new int[items.size()];
        for (int x = 0; x < a.length; x++) {
          a[x] = items.get(x);
        }
        Arrays.sort(a);
        u[n] = r.getInt(0);
        t[n++] = a;
        if (n == USERS_PER_BLOCK) {
          out.add(new UserBlock(u.clone(), t.clone()));
          n = 0;
        }
      }
      if (n > 0) {
        out.add(new UserBlock(Arrays.copyOf(u, n), Arrays.copyOf(t, n)));
      }
      return out.iterator();
    }
  }

  /** One source item's contributions to the candidates of one chunk. */
  record Segment(int source, int[] to, float[] w) implements Serializable {
    /** Cuts a contributions row ({@code i, to, w}, {@code to} ascending) at chunk boundaries. */
    static Iterator<Tuple2<Integer, Segment>> split(Row r, int span) {
      int i = r.getInt(0);
      List<Integer> to = r.getList(1);
      List<Float> w = r.getList(2);
      List<Tuple2<Integer, Segment>> out = new ArrayList<>();
      int start = 0;
      while (start < to.size()) {
        int c = to.get(start) / span;
        int end = start;
        while (end < to.size() && to.get(end) / span == c) {
          end++;
        }
        int[] t = new int[end - start];
        float[] ws = new float[end - start];
        for (int x = start; x < end; x++) {
          t[x - start] = to.get(x);
          ws[x - start] = w.get(x);
        }
        out.add(new Tuple2<>(c, new Segment(i, t, ws)));
        start = end;
      }
      return out.iterator();
    }
  }

  /**
   * The contributions to candidates {@code lo..hi-1}, by source item: source {@code i}'s entries are
   * {@code to[start[i] .. start[i+1]-1]} (local candidate offsets) with weights {@code w}.
   */
  record Chunk(int lo, int hi, int[] start, int[] to, float[] w) implements Serializable {
    static Chunk build(int c, int span, int numItems, Iterator<Tuple2<Integer, Iterable<Segment>>> groups) {
      int lo = Math.min(numItems, c * span);
      int hi = Math.min(numItems, lo + span);
      List<Segment> segs = new ArrayList<>();
      while (groups.hasNext()) {
        groups.next()._2().forEach(segs::add);
      }
      int[] start = new int[numItems + 1];
      for (Segment s : segs) {
        start[s.source() + 1] += s.to().length;
      }
      for (int i = 0; i < numItems; i++) {
        start[i + 1] += start[i];
      }
      int[] to = new int[start[numItems]];
      float[] w = new float[to.length];
      for (Segment s : segs) {
        int at = start[s.source()];
        for (int x = 0; x < s.to().length; x++) {
          to[at + x] = s.to()[x] - lo;
          w[at + x] = s.w()[x];
        }
      }
      return new Chunk(lo, hi, start, to, w);
    }

    /** Adds source item {@code i}'s contributions to this chunk's candidates into {@code scores}. */
    void addInto(int i, float[] scores) {
      for (int x = start[i]; x < start[i + 1]; x++) {
        scores[to[x]] += w[x];
      }
    }
  }
}
