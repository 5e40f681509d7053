package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.sequence.SequenceVectors;
import io.affinity.jobs.util.Progress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The content space on cold items: items of the split's test side that have no training
 * interaction, which ALS, item-kNN and the sequence model cannot recommend at all. The content
 * space is fitted on the train side only, then each user's held-out cold items are ranked among
 * all cold items (full ranking over that candidate set). {@code random_cold} ranks the same
 * candidates with seeded random vectors: the chance level the content space must beat.
 */
final class ColdItems {
  static final String CONTENT = "content_cold";
  static final String RANDOM = "random_cold";

  private ColdItems() {}

  /**
   * The cold-item evaluation, or null when the split has no cold item with catalogue text.
   *
   * @param result the metrics of the two models
   * @param protocol what the candidates and the relevant pairs were
   */
  record Outcome(EvaluationResult result, Map<String, Object> protocol) {}

  static Outcome evaluate(SparkSession spark, TrainConfig cfg, HoldoutSplit split, ALSModel trainAls,
      Dataset<Row> catalog, Dataset<Row> itemIndex, int numItems, Path workDir, Progress progress) {
    Dataset<Row> warm = split.train().select("i").distinct();
    Dataset<Row> coldTest = split.test().join(warm, split.test().col("i").equalTo(warm.col("i")), "left_anti")
        .cache();
    // Texts by item index, joined in Spark: the catalogue's text never comes to the driver.
    Dataset<Row> texts = itemIndex
        .join(ContentEncoding.catalogTexts(catalog), "item_id").select(col("i").as("id"), col("text")).cache();
    List<Integer> cold = coldTest.select("i").distinct().join(texts, col("i").equalTo(texts.col("id")), "left_semi")
        .orderBy("i").as(Encoders.INT()).collectAsList();
    if (cold.isEmpty()) {
      progress.info("cold items: the split holds out no item without training interactions; not evaluated");
      coldTest.unpersist();
      texts.unpersist();
      return null;
    }
    progress.info("cold items: %s held-out items have no training interaction; fitting the content space on the"
        + " train side", Progress.count(cold.size()));
    ContentEncoding.Encoded e = ContentEncoding.encode(spark, texts, trainAls.itemFactors(), trainAls.userFactors(), trainAls.rank(), split.train().select(col("u"), col("i").as("id")), cfg.content(),
        workDir.resolve("content-eval"), progress);
    Dataset<Row> coldItems = e.items().filter(col("id").isin(cold.toArray()));
    long seed = cfg.als().seed();
    int dim = e.dim();
    EvaluationResult r = Evaluator.on(split.train(), coldTest, numItems)
        .factors(CONTENT, e.users(), coldItems)
        .factors(RANDOM, random(e.users(), dim, seed), random(coldItems, dim, seed + 1))
        .cutoffs(5, 10, 20, cfg.gate().cutoff())
        .k(cfg.k())
        .evaluate();
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("candidates", cold.size());
    protocol.put("testPairs", coldTest.count());
    protocol.put("usersEvaluated", r.usersEvaluated());
    protocol.put("ranking", "among the items with no training interaction only; " + CONTENT + " is the content space"
        + " fitted on the train side, " + RANDOM + " seeded random vectors (chance level)");
    e.items().unpersist();
    coldTest.unpersist();
    texts.unpersist();
    return new Outcome(r, protocol);
  }

  /** Seeded Gaussian vectors for the rows' ids (one stream per id, so independent of partitioning). */
  private static Dataset<Row> random(Dataset<Row> rows, int dim, long seed) {
    return rows.select("id").map((MapFunction<Row, Row>) r -> {
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + r.getInt(0));
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) gaussian(rnd);
      }
      return RowFactory.create(r.getInt(0), v);
    }, Encoders.row(SequenceVectors.SCHEMA));
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
