package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.eval.ItemTags;
import io.affinity.jobs.util.Progress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The train job's evaluation: split, fit ALS on the train side, evaluate it with the popularity
 * and item-kNN baselines (tag diversity from the catalog, segments from the optional user table).
 */
final class EvaluationStage {
  /** Neighbours kept per item by the item-kNN baseline. */
  static final int KNN_NEIGHBOURS = 100;
  /**
   * Training items of one user that enter item-kNN's co-occurrence counts at most (their first by
   * item index): the self-join costs the square of a user's items. 5,000 leaves every
   * ml-latest-small user whole (the largest has about 2,200 training items).
   */
  static final int KNN_USER_CAP = 5000;
  /** The Spark setting that overrides {@link #KNN_USER_CAP} (the co-occurrence shuffle grows with its square). */
  static final String KNN_USER_CAP_CONF = "spark.affinity.knn.userCap";

  /**
   * What the stage produced; the split stays cached for the gate until {@link #release()}.
   *
   * @param result the metrics
   * @param split the train/test split
   * @param hybridWeight the ALS weight of the hybrid space, NaN when no sequence model was trained
   * @param coldItems the cold-item protocol ({@link ColdItems}), null when it did not run
   * @param validation the candidate spaces' gate metric on the validation split (null with ALS alone)
   * @param evaluated the evaluated ALS fit, kept when the published vectors reuse it ({@link
   *     FinalFit#foldsIn}), else null (released)
   */
  record Outcome(EvaluationResult result, HoldoutSplit split, double hybridWeight, Map<String, Object> coldItems,
      Map<String, Double> validation, Als.Fitted evaluated) {
    /** Releases the split; the kept fit, if any, is the caller's to release. */
    void release() {
      split.release();
    }
  }

  private EvaluationStage() {}

  /** Training items per user in item-kNN's co-occurrence ({@value #KNN_USER_CAP_CONF}). */
  static int knnUserCap(SparkSession spark) {
    return (int) io.affinity.jobs.util.SparkSettings.positive(spark, KNN_USER_CAP_CONF, KNN_USER_CAP,
        Integer.MAX_VALUE);
  }

  static Outcome run(SparkSession spark, TrainConfig cfg, IndexedInteractions ix, Dataset<Row> catalog,
      java.nio.file.Path workDir, Progress progress) {
    Dataset<Row> indexed = ix.indexed();
    int numItems = ix.numItems();
    progress.stage(String.format(Locale.ROOT, "evaluate: fit on the train side of %s, full ranking at k=%d",
        cfg.split().label(), cfg.k()));
    HoldoutSplit split = cfg.split().apply(indexed, cfg.als().seed());
    Als.Fitted fit = Als.fit(cfg.als(), spark, split.train());
    ALSModel model = fit.model();
    Evaluator ev = Evaluator.on(split, numItems)
        .factors("als", model.userFactors(), model.itemFactors())
        .popularity()
        .itemKnn(KNN_NEIGHBOURS, knnUserCap(spark))
        .cutoffs(5, 10, 20, cfg.gate().cutoff())
        .k(cfg.k())
        .sample(cfg.split().maxUsers(), cfg.als().seed());
    if (catalog != null) {
      ev.itemTags(tags(catalog, ix.itemIndex(), numItems));
    }
    if (cfg.users() != null) {
      ev.userAttributes(UserAttributes.load(spark, cfg.users(), ix.userIndex(), cfg.pseudonymizer()));
    }
    SequenceSpace.Vectors seq = null;
    double hybridWeight = Double.NaN;
    Map<String, Double> validation = null;
    if (cfg.sequence() != null) {
      progress.info("training the sequence model on the train side for the evaluation");
      seq = SequenceSpace.fit(spark, split.train(), numItems, cfg.sequence(),
          workDir.resolve("sequence-eval"), progress);
      ev.factors(SequenceSpace.SPACE, seq.users(), seq.items());
      HybridSpace.Validation v = HybridSpace.fitWeight(spark, cfg, split, numItems, workDir,
          progress);
      hybridWeight = v.weight();
      validation = v.scores();
      HybridSpace.Blend blend = HybridSpace.blend(model.userFactors(), model.itemFactors(), seq.users(), seq.items(),
          hybridWeight);
      ev.factors(HybridSpace.SPACE, blend.users(), blend.items());
    }
    EvaluationResult result = ev.evaluate();
    if (seq != null) {
      seq.users().unpersist();
      seq.items().unpersist();
    }
    Map<String, Object> coldProtocol = null;
    if (cfg.content() != null && catalog != null) {
      ColdItems.Outcome cold = ColdItems.evaluate(spark, cfg, split, model, catalog, ix.itemIndex(), numItems, workDir,
          progress);
      if (cold != null) {
        result = result.withModelsOf(cold.result());
        coldProtocol = cold.protocol();
      }
    }
    boolean keep = cfg.finalFit().foldsIn(split.sampled());
    if (!keep) {
      fit.release();
    }
    return new Outcome(result, split, hybridWeight, coldProtocol, validation, keep ? fit : null);
  }

  /**
   * Tags per item index from the catalog, joined with the item index, lower-cased and numbered in
   * Spark: no tag string reaches the driver ({@link ItemTags}).
   */
  private static ItemTags tags(Dataset<Row> catalog, Dataset<Row> itemIndex, int numItems) {
    return ItemTags.of(catalog.select(col("item_id"), col("tags")).filter(col("tags").isNotNull())
        .join(itemIndex, "item_id").select(col("i"), col("tags")), numItems);
  }
}
