package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.util.Progress;
import io.affinity.jobs.util.SparkArrays;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code hybrid} space: a weighted blend of the ALS and sequence scores, {@code w · s_als / σ_als
 * + (1 - w) · s_seq / σ_seq}, where σ is the standard deviation of each space's scores (so the
 * weight is not swamped by scale). It is published as one vector space whose inner product is
 * exactly that blend: user = [w/σ_als · u_als, (1-w)/σ_seq · u_seq], item = [i_als, i_seq], so the
 * server answers it with the same index machinery. The weight is chosen from 0, 0.1, ..., 1 by
 * NDCG@10 on a validation split carved from the evaluation's train side, with both models refit
 * on what remains; the test side is never used to choose it.
 */
final class HybridSpace {
  static final String SPACE = "hybrid";
  /** Users sampled to estimate each space's score spread. */
  private static final int SCALE_USERS = 256;

  private HybridSpace() {}

  /**
   * Vectors of the blend.
   *
   * @param users columns {@code id, features}
   * @param items columns {@code id, features}
   * @param weight the ALS weight w
   */
  record Blend(Dataset<Row> users, Dataset<Row> items, double weight) {}

  /**
   * The blend weight and what the validation split said.
   *
   * @param weight the chosen ALS weight
   * @param scores the gate metric on the validation split of {@code als}, {@code sequence} and
   *     {@code hybrid} (at the chosen weight), for {@link ModelChoice}
   */
  record Validation(double weight, java.util.Map<String, Double> scores) {}

  /** Fits the ALS weight on a validation split carved from {@code split}'s train side. */
  static Validation fitWeight(SparkSession spark, TrainConfig cfg, HoldoutSplit split, int numItems,
      Path work, Progress progress) {
    progress.info("hybrid: fitting the blend weight on a validation split carved from the train side (%s)",
        cfg.split().validation().label());
    HoldoutSplit val = cfg.split().validation().apply(split.train(), cfg.als().seed() + 1);
    Als.Fitted alsFit = Als.fit(cfg.als(), spark, val.train());
    ALSModel als = alsFit.model();
    SequenceSpace.Vectors seq = SequenceSpace.fit(spark, val.train(), numItems, cfg.sequence(),
        work.resolve("sequence-hybrid"), progress);
    double sa = spread(als.userFactors(), als.itemFactors());
    double ss = spread(seq.users(), seq.items());
    // Every candidate weight in one pass: each user's ALS and sequence scores are computed once and
    // blended (w / sa)·als + ((1 - w) / ss)·sequence, the scores of the concatenated blend vectors.
    double[] weights = new double[11];
    for (int step = 0; step <= 10; step++) {
      weights[step] = step / 10.0;
    }
    EvaluationResult r = Evaluator.on(val, numItems)
        .factors("als", als.userFactors(), als.itemFactors())
        .factors(SequenceSpace.SPACE, seq.users(), seq.items())
        .blends("w=", "als", SequenceSpace.SPACE, 1 / sa, 1 / ss, weights)
        .cutoffs(10, cfg.gate().cutoff()).k(10).sample(cfg.split().maxUsers(), cfg.als().seed() + 1).evaluate();
    double best = 1;
    double bestNdcg = -1;
    StringBuilder line = new StringBuilder();
    for (double w : weights) {
      double ndcg = r.models().get("w=" + w).getOrDefault("ndcg@10", 0.0);
      line.append(String.format(Locale.ROOT, " w=%.1f:%.4f", w, ndcg));
      if (ndcg > bestNdcg) {
        bestNdcg = ndcg;
        best = w;
      }
    }
    seq.users().unpersist();
    seq.items().unpersist();
    alsFit.release();
    val.release();
    progress.info("hybrid: validation ndcg@10 by ALS weight%s; chose w=%.1f", line, best);
    String metric = cfg.gate().metric();
    java.util.Map<String, Double> scores = new java.util.LinkedHashMap<>();
    scores.put("als", r.models().get("als").getOrDefault(metric, Double.NaN));
    scores.put(SPACE, r.models().get("w=" + best).getOrDefault(metric, Double.NaN));
    scores.put(SequenceSpace.SPACE, r.models().get(SequenceSpace.SPACE).getOrDefault(metric, Double.NaN));
    return new Validation(best, scores);
  }

  /** The blended vectors for ALS weight {@code w}, with each space's score spread measured here. */
  static Blend blend(Dataset<Row> alsUsers, Dataset<Row> alsItems, Dataset<Row> seqUsers, Dataset<Row> seqItems,
      double w) {
    return blend(alsUsers, alsItems, seqUsers, seqItems, w, spread(alsUsers, alsItems), spread(seqUsers, seqItems));
  }

  private static Blend blend(Dataset<Row> alsUsers, Dataset<Row> alsItems, Dataset<Row> seqUsers,
      Dataset<Row> seqItems, double w, double sa, double ss) {
    Dataset<Row> users = join(alsUsers, seqUsers, w / sa, (1 - w) / ss);
    Dataset<Row> items = join(alsItems, seqItems, 1, 1);
    return new Blend(users, items, w);
  }

  /** Rows present in both spaces, the vectors concatenated after scaling each part. */
  private static Dataset<Row> join(Dataset<Row> a, Dataset<Row> b, double ca, double cb) {
    return a.select(col("id"), col("features").as("fa")).join(b.select(col("id"), col("features").as("fb")), "id")
        .select(col("id"), concat(transform(col("fa"), x -> x.multiply(lit((float) ca))),
            transform(col("fb"), x -> x.multiply(lit((float) cb)))).cast("array<float>").as("features"));
  }

  /**
   * Standard deviation of user · item scores over a sample of users (the first {@value #SCALE_USERS}
   * by id) and every item. The sample (bounded) is broadcast and the items are scored in the
   * executors, each task returning its (count, sum, sum of squares): the item table never comes to
   * the driver (collected, 1M items of 64 boxed floats were over a gigabyte of driver heap).
   * Deterministic for a given partitioning: the tasks' sums are added in partition order.
   */
  static double spread(Dataset<Row> users, Dataset<Row> items) {
    float[][] us = floats(users.orderBy("id").limit(SCALE_USERS).collectAsList());
    Broadcast<float[][]> sample = JavaSparkContext.fromSparkContext(items.sparkSession().sparkContext()).broadcast(us);
    try {
      List<double[]> parts = items.select("features").javaRDD()
          .mapPartitions((FlatMapFunction<Iterator<Row>, double[]>) rows -> List.of(moments(sample.value(), rows))
              .iterator())
          .collect();
      double n = 0;
      double sum = 0;
      double sq = 0;
      for (double[] p : parts) {
        n += p[0];
        sum += p[1];
        sq += p[2];
      }
      double mean = n == 0 ? 0 : sum / n;
      double var = n == 0 ? 0 : sq / n - mean * mean;
      return var > 0 ? Math.sqrt(var) : 1;
    } finally {
      sample.destroy();
    }
  }

  /** (count, sum, sum of squares) of every sampled user's score against each item of {@code rows}. */
  private static double[] moments(float[][] us, Iterator<Row> rows) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    while (rows.hasNext()) {
      float[] iv = SparkArrays.floats(rows.next().get(0));
      for (float[] uv : us) {
        double s = 0;
        for (int d = 0; d < uv.length; d++) {
          s += uv[d] * iv[d];
        }
        sum += s;
        sq += s * s;
        n++;
      }
    }
    return new double[] {n, sum, sq};
  }

  private static float[][] floats(List<Row> rows) {
    float[][] out = new float[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = SparkArrays.floats(rows.get(r).<Float>getList(1));
    }
    return out;
  }
}
