package io.affinity.jobs.train;


import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.gate.GateDecision;
import io.affinity.jobs.report.MetricsReport;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The train job: logs → validated interactions → implicit confidence per (user, item) → ALS →
 * evaluation → snapshot. A pure function of its config and input data (seeded everywhere); the
 * CLI and spark-submit only build the config and the session.
 */
public final class TrainJob {
  /** Stages the job reports progress in (read, catalog, index, evaluate, gate, fit, write, publish). */
  public static final int STAGES = 8;

  private TrainJob() {}

  /** Runs the job, printing stages to {@code progress}. */
  public static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress) {
    return run(spark, cfg, progress, cfg.store().resolve("_quarantine").toString());
  }

  /**
   * Runs the job with bad rows quarantined under {@code quarantineRoot}{@code /ID} unless the
   * config names a quarantine directory (a store on object storage passes its own URI, so
   * executors write there directly).
   */
  public static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress, String quarantineRoot) {
    return run(spark, cfg, progress, quarantineRoot, null);
  }

  /**
   * Runs the job with the snapshot's tables written by the executors under
   * {@code filesRoot.apply(snapshotId)} (a store on object storage passes the snapshot's final
   * location there; null writes them into the local staged directory).
   */
  public static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress, String quarantineRoot,
      java.util.function.Function<String, String> filesRoot) {
    // Each publish step is logged, so an operator (and the crash harness, PublishCrashIT) can tell
    // how far a killed run got.
    SnapshotPublisher publisher = new SnapshotPublisher(new StoreLayout(cfg.store()), java.time.Clock.systemUTC(),
        step -> progress.info("publish step %s", step));
    StagedSnapshot staged = publisher.stage();
    try {
      return run(spark, cfg, progress, publisher, staged, quarantineRoot, filesRoot == null
          ? PartFiles.localRoot(staged.dir()) : filesRoot.apply(staged.id()));
    } catch (RuntimeException e) {
      publisher.abandon(staged);
      throw e;
    }
  }

  private static TrainResult run(SparkSession spark, TrainConfig cfg, Progress progress,
      SnapshotPublisher publisher, StagedSnapshot staged, String quarantineRoot, String filesRoot) {
    String quarantine = cfg.quarantine() != null ? cfg.quarantine().toString()
        : quarantineRoot + "/" + staged.id();

    progress.stage("read and validate interactions from " + cfg.interactions());
    LoadedInteractions loaded = InteractionLoader.load(spark, cfg.interactions(), cfg.eventWeights(), quarantine,
        cfg.window(), cfg.pseudonymizer());
    progress.info("%s rows read, %s kept, dropped %s%s", Progress.count(loaded.rowsRead()),
        Progress.count(loaded.rowsKept()), loaded.dropped().isEmpty() ? "none" : loaded.dropped(),
        loaded.quarantinePath() == null ? "" : " (quarantined in " + loaded.quarantinePath() + ")");
    if (loaded.rowsKept() == 0) {
      loaded.release();
      throw new IllegalArgumentException("no valid interactions in " + cfg.interactions()
          + " (read " + loaded.rowsRead() + ", dropped " + loaded.dropped() + ")");
    }
    double badRatio = (loaded.rowsRead() - loaded.rowsKept()) / (double) loaded.rowsRead();
    if (badRatio > cfg.maxBadRowRatio()) {
      loaded.release();
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%.2f%% of the rows in %s are bad"
          + " (%s of %s: %s), above --max-bad-row-ratio %s; they are quarantined in %s. Fix the input or raise the"
          + " limit", 100 * badRatio, cfg.interactions(), loaded.rowsRead() - loaded.rowsKept(), loaded.rowsRead(),
          loaded.dropped(), cfg.maxBadRowRatio(), loaded.quarantinePath()));
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
    IndexedInteractions ix = IndexedInteractions.of(loaded.valid());
    loaded.release();
    Dataset<Row> aggregated = ix.aggregated();
    Dataset<Row> indexed = ix.indexed();
    Dataset<Row> userIndex = ix.userIndex();
    long pairs = ix.pairs();
    String fingerprint = DataFingerprint.of(aggregated);
    progress.info("%s users x %s items, %s (user, item) pairs", Progress.count(ix.numUsers()),
        Progress.count(ix.numItems()), Progress.count(pairs));
    String digest = runDigest(cfg, parameters(cfg, fingerprint, Double.NaN, loaded.eventLogOffset(), null, null));
    Manifest same = unchanged(cfg, digest);
    if (same != null) {
      progress.info("nothing changed: current snapshot %s was trained on the same window, data (fingerprint %s) and"
          + " parameters; nothing published (--force trains anyway)", same.snapshotId(), fingerprint);
      publisher.abandon(staged);
      if (loaded.quarantinePath() != null) {
        deleteQuarantine(spark, loaded.quarantinePath());
      }
      ix.release();
      if (catalog != null) {
        catalog.unpersist();
      }
      return new TrainResult(same, false, progress.elapsedSeconds(), GateDecision.skipped("nothing changed"), true);
    }

    Evaluation evaluation = null;
    EvaluationResult er = null;
    GateDecision gate = GateDecision.skipped("no evaluation (--no-evaluate)");
    double hybridWeight = Double.NaN;
    Map<String, Object> protocol = null;
    ModelChoice choice = ModelChoice.choose(cfg.gate(), null, null);
    EvaluationStage.Outcome evaluated = null;
    if (cfg.evaluate()) {
      java.nio.file.Path work = staged.dir().resolve("_work");
      EvaluationStage.Outcome out = EvaluationStage.run(spark, cfg, ix, catalog,
          work, progress);
      io.affinity.store.StoreFiles.deleteTree(work);
      er = out.result();
      printMetrics(progress, er);
      Map<String, Object> key = protocolKey(cfg, fingerprint);
      gate = GateStage.decide(spark, cfg, er, key, out.split(), ix.numItems(), progress);
      protocol = protocol(key, er, out.split());
      if (out.coldItems() != null) {
        protocol.put("coldItems", out.coldItems());
      }
      hybridWeight = out.hybridWeight();
      choice = ModelChoice.choose(cfg.gate(), out.validation(), er);
      evaluated = out;
    } else {
      progress.stage("evaluation skipped (--no-evaluate)");
      progress.stage("metric gate skipped: there is no evaluation to compare");
    }
    boolean promote = cfg.promote() && gate.promote();
    progress.info("served by default: %s", choice.reason());
    if (choice.baselineWarning() != null) {
      progress.info("WARNING: %s", choice.baselineWarning());
      System.err.println("warning: " + choice.baselineWarning());
    }

    FinalVectors fit = FinalVectors.of(spark, cfg, ix, evaluated, progress);
    if (evaluated != null) {
      evaluated.release();
      protocol.put("fit", fit.describe());
      evaluation = new Evaluation(protocol, er.models(), gate.record());
    }
    AlsFactors model = fit.factors();

    progress.stage("write snapshot tables from the executors to " + filesRoot);
    TableExport export = new TableExport(spark, filesRoot, userIndex, ix.itemIndex(), progress);
    try {
      List<TableInfo> tables = SnapshotExport.write(export, model, ix.aggregated(), catalog, cfg.buildAnn());
      if (er != null) {
        MetricsReport.write(staged.dir(), new MetricsReport.Content(staged.id(), staged.createdAt().toString(),
            protocol, parameters(cfg, fingerprint, hybridWeight, loaded.eventLogOffset(), digest, choice),
            gate.record(), er, choice.toMap()));
        progress.info("metrics.json and report.html written");
      }
      tables.forEach(t -> progress.info("%-12s %s rows", t.name(), Progress.count(t.rows())));
      List<SpaceInfo> spaces = new ArrayList<>();
      spaces.add(new SpaceInfo(SnapshotExport.SPACE, cfg.als().rank(), "dot",
          StoreLayout.vectorTable(SnapshotExport.SPACE, true), StoreLayout.vectorTable(SnapshotExport.SPACE, false),
          tables.get(0).rows(), tables.get(1).rows()));
      if (cfg.sequence() != null) {
        SequenceSpace.Published seq = SequenceSpace.publish(spark, staged, export, indexed,
            ix.numItems(), cfg.sequence(), cfg.buildAnn(), progress);
        tables = new ArrayList<>(tables);
        tables.addAll(seq.tables());
        spaces.add(seq.space());
        if (!Double.isNaN(hybridWeight)) {
          progress.info("hybrid space: ALS weight %.1f (fitted on validation)", hybridWeight);
          HybridSpace.Blend blend = HybridSpace.blend(model.users(), model.items(),
              seq.vectors().users(), seq.vectors().items(), hybridWeight);
          SequenceSpace.Published hybrid = SequenceSpace.write(export, HybridSpace.SPACE,
              new SequenceSpace.Vectors(blend.users(), blend.items(), null), ix.itemIndex(),
              cfg.als().rank() + cfg.sequence().dim(), cfg.buildAnn());
          tables.addAll(hybrid.tables());
          spaces.add(hybrid.space());
        } else {
          progress.info("no hybrid space: its weight is fitted during evaluation (--no-evaluate was given)");
        }
        seq.vectors().users().unpersist();
        seq.vectors().items().unpersist();
      }
      if (cfg.content() != null) {
        progress.info(cfg.content().externalModel() == null ? "training the content encoder: catalogue text -> ALS"
            + " item vectors" : "content space from the supplied text model");
        SequenceSpace.Published content = ContentSpace.publish(spark, staged, export, catalog, indexed, model,
            cfg.content(), cfg.buildAnn(), progress);
        tables = new ArrayList<>(tables);
        tables.addAll(content.tables());
        spaces.add(content.space());
      }

      List<io.affinity.store.manifest.IndexInfo> indexes = export.awaitGraphs();
      progress.stage("verify and publish snapshot " + staged.id());
      Manifest draft = new Manifest(Manifest.FORMAT_VERSION, staged.id(), staged.createdAt().toString(),
          new Producer("affinity-train", BuildInfo.version(), BuildInfo.gitCommit()), inputs,
          parameters(cfg, fingerprint, hybridWeight, loaded.eventLogOffset(), digest, choice), served(spaces, choice),
          tables, indexes, evaluation, List.of());
      Manifest sealed = publisher.publish(staged, draft, promote, export.written());
      progress.info("published %s%s", sealed.snapshotId(), promote ? " and pointed _CURRENT at it"
          : gate.promote() ? " (not promoted: --no-promote)" : " (not promoted: the metric gate refused it)");
      ix.release();
      return new TrainResult(sealed, promote, progress.elapsedSeconds(), gate);
    } finally {
      export.cancel();
      fit.release();
      if (catalog != null) {
        catalog.unpersist();
      }
    }
  }

  private static void deleteQuarantine(SparkSession spark, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (java.io.IOException e) {
      throw new io.affinity.store.StoreException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  /** The spaces with the served one first: a server's default is the manifest's first space. */
  private static List<SpaceInfo> served(List<SpaceInfo> spaces, ModelChoice choice) {
    List<SpaceInfo> out = new ArrayList<>(spaces);
    for (int x = 0; x < out.size(); x++) {
      if (out.get(x).name().equals(choice.space())) {
        out.add(0, out.remove(x));
        return out;
      }
    }
    throw new IllegalStateException("the chosen space " + choice.space() + " was not published");
  }

  private static Map<String, Object> parameters(TrainConfig cfg, String fingerprint, double hybridWeight,
      long eventLogOffset, String runDigest, ModelChoice choice) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("algorithm", "als-implicit");
    p.put("rank", cfg.als().rank());
    p.put("regParam", cfg.als().regParam());
    p.put("alpha", cfg.als().alpha());
    p.put("maxIter", cfg.als().maxIter());
    p.put("seed", cfg.als().seed());
    p.put("finalFit", cfg.finalFit().flag());
    p.put("confidence", "sum of event weights per (user, item)");
    p.put("eventWeights", cfg.eventWeights());
    p.put("dataFingerprint", fingerprint);
    if (eventLogOffset >= 0) {
      p.put("eventLogOffset", eventLogOffset);
    }
    if (!cfg.window().isAll()) {
      p.put("window", cfg.window().describe());
    }
    if (cfg.pseudonymizer() != null) {
      p.put("pseudonymizedUsers", Map.of("scheme", "HMAC-SHA256/128", "keyCheck", cfg.pseudonymizer().keyCheck()));
    }
    if (runDigest != null) {
      p.put("runDigest", runDigest);
    }
    if (cfg.sequence() != null) {
      p.put("sequence", cfg.sequence());
    }
    if (cfg.content() != null) {
      p.put("content", cfg.content());
    }
    if (!Double.isNaN(hybridWeight)) {
      p.put("hybridAlsWeight", hybridWeight);
      p.put("hybrid", "w * s_als / sd_als + (1 - w) * s_sequence / sd_sequence; w fitted on a validation split");
    }
    if (choice != null) {
      p.put("servedSpace", choice.toMap());
    }
    return p;
  }

  /**
   * The current snapshot when its run digest equals this run's (same window, data fingerprint,
   * model settings and evaluation protocol), so publishing would duplicate it; null otherwise, or
   * with {@code --force}.
   */
  private static Manifest unchanged(TrainConfig cfg, String digest) {
    if (cfg.gate().force()) {
      return null;
    }
    io.affinity.store.read.SnapshotStore store = new io.affinity.store.read.SnapshotStore(cfg.store());
    java.util.Optional<String> current = store.current();
    if (current.isEmpty()) {
      return null;
    }
    Manifest m = store.manifest(current.get());
    return digest.equals(m.parameters().get("runDigest")) ? m : null;
  }

  /**
   * SHA-256 over everything that determines a run's output: its parameters (window and data
   * fingerprint included) and its evaluation protocol, as JSON.
   */
  private static String runDigest(TrainConfig cfg, Map<String, Object> params) {
    Map<String, Object> key = new LinkedHashMap<>(params);
    key.put("split", cfg.split().describe(cfg.als().seed()));
    key.put("k", cfg.k());
    key.put("evaluate", cfg.evaluate());
    key.put("ann", cfg.buildAnn());
    key.put("catalog", cfg.items() != null);
    key.put("users", cfg.users() != null);
    try {
      byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(key);
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the run's parameters", e);
    }
  }

  /** What makes two evaluations comparable: the split, its seed, and the exact data. */
  private static Map<String, Object> protocolKey(TrainConfig cfg, String fingerprint) {
    Map<String, Object> p = new LinkedHashMap<>(cfg.split().describe(cfg.als().seed()));
    p.put("dataFingerprint", fingerprint);
    return p;
  }

  private static Map<String, Object> protocol(Map<String, Object> key, EvaluationResult er, HoldoutSplit split) {
    Map<String, Object> p = new LinkedHashMap<>(key);
    p.put("k", er.k());
    p.put("cutoffs", java.util.Arrays.stream(er.cutoffs()).boxed().toList());
    p.put("ranking", "full: every item except the user's training items");
    p.put("relevance", "binary: every held-out (user, item) pair");
    p.put("usersEvaluated", er.usersEvaluated());
    p.put("usersEligible", er.usersWithTestItems());
    if (er.sampled()) {
      p.put("sample", "a deterministic hash sample of the eligible users (seed " + key.get("seed") + ")");
    }
    Map<String, Object> ci = new LinkedHashMap<>();
    ci.put("method", "Poisson bootstrap over users, 200 replicates, percentile interval");
    ci.put("level", 0.95);
    ci.put("intervals", er.intervals());
    p.put("confidence", ci);
    p.put("trainPairs", split.train().count());
    p.put("testPairs", split.test().count());
    return p;
  }

  private static void printMetrics(Progress progress, EvaluationResult er) {
    progress.info("%s users evaluated", Progress.count(er.usersEvaluated()));
    String[] names = {"precision", "recall", "ndcg", "map", "mrr", "coverage", "gini", "novelty", "ild_tags"};
    StringBuilder head = new StringBuilder(String.format("%-12s", "model"));
    for (String n : names) {
      head.append(String.format(" %11s", n.replace("precision", "prec") + "@" + er.k()));
    }
    progress.info("%s", head);
    for (String m : er.models().keySet()) {
      StringBuilder line = new StringBuilder(String.format("%-12s", m));
      for (String n : names) {
        line.append(String.format(java.util.Locale.ROOT, " %11.4f", er.metric(m, n)));
      }
      progress.info("%s", line);
    }
  }
}
