package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.eval.RankingEvaluator;
import io.affinity.jobs.util.BuildInfo;
import io.affinity.jobs.util.Progress;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Evaluation;
import io.affinity.store.manifest.InputInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.publish.StagedSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The train job: logs → validated interactions → implicit confidence per (user, item) → ALS →
 * evaluation → snapshot. A pure function of its config and input data (seeded everywhere); the
 * CLI and spark-submit only build the config and the session.
 */
public final class TrainJob {
  private TrainJob() {}

  /** Runs the job, printing stages to {@code progress}. */
  public static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress) {
    SnapshotPublisher publisher = new SnapshotPublisher(new StoreLayout(cfg.store()));
    StagedSnapshot staged = publisher.stage();
    try {
      return run(spark, cfg, progress, publisher, staged);
    } catch (RuntimeException e) {
      publisher.abandon(staged);
      throw e;
    }
  }

  private static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress,
      SnapshotPublisher publisher, StagedSnapshot staged) {
    String quarantine = cfg.quarantine() != null ? cfg.quarantine().toString()
        : cfg.store().resolve("_quarantine").resolve(staged.id()).toString();

    progress.stage("read and validate interactions from " + cfg.interactions());
    LoadedInteractions loaded = InteractionLoader.load(spark, cfg.interactions(), cfg.eventWeights(), quarantine);
    progress.info("%s rows read, %s kept, dropped %s%s", Progress.count(loaded.rowsRead()),
        Progress.count(loaded.rowsKept()), loaded.dropped().isEmpty() ? "none" : loaded.dropped(),
        loaded.quarantinePath() == null ? "" : " (quarantined in " + loaded.quarantinePath() + ")");
    if (loaded.rowsKept() == 0) {
      throw new IllegalArgumentException("no valid interactions in " + cfg.interactions()
          + " (read " + loaded.rowsRead() + ", dropped " + loaded.dropped() + ")");
    }
    List<InputInfo> inputs = new ArrayList<>();
    inputs.add(new InputInfo("interactions", cfg.interactions(), loaded.rowsRead(), loaded.rowsKept(),
        loaded.dropped()));

    Dataset<Row> catalog = null;
    if (cfg.items() != null) {
      progress.stage("read item catalog from " + cfg.items());
      catalog = ItemCatalogLoader.load(spark, cfg.items()).cache();
      long n = catalog.count();
      progress.info("%s catalog items", Progress.count(n));
      inputs.add(new InputInfo("items", cfg.items(), n, n, Map.of()));
    } else {
      progress.stage("no item catalog given (--items): skipped");
    }

    progress.stage("aggregate confidence per (user, item) and index ids");
    Dataset<Row> aggregated = loaded.valid().groupBy("user_id", "item_id")
        .agg(sum("weight").as("confidence"), count("*").as("events"), max("ts").as("last_ts"))
        .cache();
    StringIndexerModel userIndex = indexer("user_id", "u").fit(aggregated);
    StringIndexerModel itemIndex = indexer("item_id", "i").fit(aggregated);
    String[] users = userIndex.labelsArray()[0];
    String[] items = itemIndex.labelsArray()[0];
    Dataset<Row> indexed = itemIndex.transform(userIndex.transform(aggregated))
        .select(col("u").cast(DataTypes.IntegerType), col("i").cast(DataTypes.IntegerType),
            col("confidence"), col("last_ts"))
        .cache();
    long pairs = indexed.count();
    progress.info("%s users x %s items, %s (user, item) pairs", Progress.count(users.length),
        Progress.count(items.length), Progress.count(pairs));

    Evaluation evaluation = null;
    if (cfg.evaluate()) {
      progress.stage(String.format(java.util.Locale.ROOT, "evaluate: fit on the train side of %s, full ranking at k=%d",
          cfg.split().label(), cfg.k()));
      HoldoutSplit split = cfg.split().apply(indexed, cfg.als().seed());
      ALSModel evalModel = als(cfg.als(), blocks(spark)).fit(split.train());
      EvaluationResult er = RankingEvaluator.evaluate(split.train(), split.test(), evalModel, items.length, cfg.k());
      evaluation = new Evaluation(protocol(cfg, er, split), er.models());
      printMetrics(progress, er);
      split.train().unpersist();
    } else {
      progress.stage("evaluation skipped (--no-evaluate)");
    }

    progress.stage(String.format(java.util.Locale.ROOT,
        "fit ALS on all data: rank %d, regParam %s, alpha %s, %d iterations",
        cfg.als().rank(), cfg.als().regParam(), cfg.als().alpha(), cfg.als().maxIter()));
    ALSModel model = als(cfg.als(), blocks(spark)).fit(indexed);

    progress.stage("write snapshot tables to " + staged.dir());
    List<TableInfo> tables = SnapshotExport.write(staged, model, users, items, aggregated, catalog);
    tables.forEach(t -> progress.info("%-12s %s rows", t.name(), Progress.count(t.rows())));
    List<io.affinity.store.manifest.IndexInfo> indexes = cfg.buildAnn()
        ? AnnBuild.build(staged, SnapshotExport.SPACE, cfg.als().rank(), io.affinity.store.ann.AnnParams.DEFAULTS, progress)
        : List.of();

    progress.stage("verify and publish snapshot " + staged.id());
    long userVectors = tables.get(0).rows();
    long itemVectors = tables.get(1).rows();
    Manifest draft = new Manifest(Manifest.FORMAT_VERSION, staged.id(), staged.createdAt().toString(),
        new Producer("affinity-train", BuildInfo.version(), BuildInfo.gitCommit()), inputs,
        parameters(cfg), List.of(new SpaceInfo(SnapshotExport.SPACE, cfg.als().rank(), "dot",
            StoreLayout.vectorTable(SnapshotExport.SPACE, true),
            StoreLayout.vectorTable(SnapshotExport.SPACE, false), userVectors, itemVectors)),
        tables, indexes, evaluation, List.of());
    Manifest sealed = publisher.publish(staged, draft, cfg.promote());
    progress.info("published %s%s", sealed.snapshotId(),
        cfg.promote() ? " and pointed _CURRENT at it" : " (not promoted)");
    aggregated.unpersist();
    indexed.unpersist();
    return new TrainResult(sealed, cfg.promote(), progress.elapsedSeconds());
  }

  private static StringIndexer indexer(String in, String out) {
    return new StringIndexer().setInputCol(in).setOutputCol(out).setStringOrderType("alphabetAsc");
  }

  /** ALS blocks per side: Spark's default parallelism, at most MLlib's default of 10. */
  private static int blocks(SparkSession spark) {
    return Math.max(1, Math.min(10, spark.sparkContext().defaultParallelism()));
  }

  private static ALS als(AlsParams p, int blocks) {
    return new ALS().setImplicitPrefs(true).setNumBlocks(blocks).setRank(p.rank()).setRegParam(p.regParam())
        .setAlpha(p.alpha()).setMaxIter(p.maxIter()).setSeed(p.seed())
        .setUserCol("u").setItemCol("i").setRatingCol("confidence")
        .setColdStartStrategy("drop");
  }

  private static Map<String, Object> parameters(TrainConfig cfg) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("algorithm", "als-implicit");
    p.put("rank", cfg.als().rank());
    p.put("regParam", cfg.als().regParam());
    p.put("alpha", cfg.als().alpha());
    p.put("maxIter", cfg.als().maxIter());
    p.put("seed", cfg.als().seed());
    p.put("confidence", "sum of event weights per (user, item)");
    p.put("eventWeights", cfg.eventWeights());
    return p;
  }

  private static Map<String, Object> protocol(TrainConfig cfg, EvaluationResult er, HoldoutSplit split) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.putAll(cfg.split().describe(cfg.als().seed()));
    p.put("k", er.k());
    p.put("ranking", "full: every item except the user's training items");
    p.put("relevance", "binary: every held-out (user, item) pair");
    p.put("usersEvaluated", er.usersEvaluated());
    p.put("trainPairs", split.train().count());
    p.put("testPairs", split.test().count());
    p.put("fit", "metrics come from a model fit on the train side with the same parameters;"
        + " the published vectors are refit on all data");
    return p;
  }

  private static void printMetrics(Progress progress, EvaluationResult er) {
    progress.info("%s users evaluated", Progress.count(er.usersEvaluated()));
    progress.info("%-12s %10s %10s %10s %10s %10s", "model", "prec@" + er.k(), "recall@" + er.k(),
        "ndcg@" + er.k(), "map@" + er.k(), "mrr@" + er.k());
    for (String m : er.models().keySet()) {
      progress.info("%-12s %10.4f %10.4f %10.4f %10.4f %10.4f", m, er.metric(m, "precision"),
          er.metric(m, "recall"), er.metric(m, "ndcg"), er.metric(m, "map"), er.metric(m, "mrr"));
    }
  }
}
