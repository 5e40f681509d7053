package io.affinity.jobs.cli;

import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainJob;
import io.affinity.jobs.train.DataWindow;
import io.affinity.jobs.train.TrainResult;
import io.affinity.jobs.util.Progress;
import io.affinity.jobs.util.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code affinity train --interactions PATH [--items PATH] --store DIR [ALS flags]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Fit implicit ALS on an interaction log, evaluate it against popularity on a"
        + " held-out split, and publish a snapshot to the store.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--interactions", required = true, paramLabel = "PATH",
      description = "interaction-log Parquet: file, directory, glob or date-partitioned tree")
  String interactions;

  @Option(names = "--items", paramLabel = "PATH", description = "optional item-catalog Parquet")
  String items;

  @Option(names = "--store", required = true, paramLabel = "DIR|URI", description = "feature store root: a directory,"
      + " or s3a://bucket/prefix, hdfs://... (Hadoop settings via --store-conf or spark.hadoop.*)")
  String store;

  @Option(names = "--store-conf", paramLabel = "KEY=VALUE", description = "a Hadoop setting for the store and the"
      + " job's file system (repeatable), e.g. fs.s3a.endpoint=http://minio:9000; credentials belong in the"
      + " environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), not on the command line")
  java.util.List<String> storeConf = new java.util.ArrayList<>();

  @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
  String master;

  @Option(names = "--rank", defaultValue = "64", description = "ALS rank (default ${DEFAULT-VALUE})")
  int rank;

  @Option(names = "--reg-param", defaultValue = "0.1", description = "ALS regParam (default ${DEFAULT-VALUE})")
  double regParam;

  @Option(names = "--alpha", defaultValue = "0.3", description = "ALS implicit alpha (default ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--max-iter", defaultValue = "15", description = "ALS iterations (default ${DEFAULT-VALUE})")
  int maxIter;

  @Option(names = "--seed", defaultValue = "42", description = "seed for ALS and the split (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--event-weight", paramLabel = "TYPE=W",
      description = "default weight of an event type where weight is null (repeatable); "
          + "defaults: view=1 click=1 rating=1 add_to_cart=2 like=3 purchase=4, others 1")
  Map<String, Double> eventWeights = new LinkedHashMap<>();

  @picocli.CommandLine.Mixin
  SplitOptions splitOptions = new SplitOptions();

  @picocli.CommandLine.Mixin
  SequenceOptions sequenceOptions = new SequenceOptions();

  @Option(names = "--k", defaultValue = "10", description = "evaluation cut-off (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--no-evaluate", description = "skip the held-out evaluation")
  boolean noEvaluate;

  @Option(names = "--final-fit", defaultValue = "auto",
      description = "after the evaluation, where the published ALS vectors come from: refit (a second fit on all"
          + " data), fold-in (the evaluated model's items, every evaluated user re-solved on all its pairs), or auto:"
          + " fold-in when the evaluation sampled its users (more than --eval-users eligible), refit otherwise"
          + " (default ${DEFAULT-VALUE})")
  String finalFit;

  @Option(names = "--no-promote", description = "publish without pointing _CURRENT at the snapshot")
  boolean noPromote;

  @Option(names = "--no-ann", description = "do not build ANN graph indexes (serving then searches exactly)")
  boolean noAnn;

  @Option(names = "--users", paramLabel = "PATH",
      description = "optional user-attribute Parquet (user_id + attribute columns) for per-segment metrics")
  String users;

  @Option(names = "--params", paramLabel = "FILE",
      description = "take rank, regParam, alpha and iterations from an 'affinity tune' result file"
          + " (overrides those flags)")
  Path params;

  @Option(names = "--gate-metric", paramLabel = "METRIC",
      description = "metric the gate compares, e.g. ndcg@10 (default: ndcg at --k)")
  String gateMetric;

  @Option(names = "--gate-tolerance", defaultValue = "0.01",
      description = "relative drop the gate allows (default ${DEFAULT-VALUE} = 1%%)")
  double gateTolerance;

  @Option(names = "--no-gate", description = "do not compare with the current snapshot before promoting")
  boolean noGate;

  @Option(names = "--force", description = "promote even when the metric gate refuses (the refusal is recorded)")
  boolean force;

  @Option(names = "--since", paramLabel = "DATE|INSTANT", description = "read events from this time on (UTC)")
  String since;

  @Option(names = "--until", paramLabel = "DATE|INSTANT", description = "read events before this time (UTC)")
  String until;

  @Option(names = "--window", paramLabel = "SPAN", description = "read the events of the last SPAN (90d, 12h, 4w)"
      + " before --until, default today's midnight UTC; a rerun on the same data publishes nothing")
  String window;

  @Option(names = "--pseudonymize-users", description = "replace every user id with a keyed HMAC-SHA256 pseudonym"
      + " as it is read (key from AFFINITY_PSEUDONYM_KEY); the store and quarantine hold no raw user id")
  boolean pseudonymize;

  @Option(names = "--max-bad-row-ratio", defaultValue = "1.0", description = "fail (exit 2, nothing published) when"
      + " more than this share of the rows is bad; bad rows are quarantined either way (default ${DEFAULT-VALUE}:"
      + " never fail; schedules should set e.g. 0.05)")
  double maxBadRowRatio;

  @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "where ALS checkpoints go: storage every node"
      + " sees (hdfs://, s3a://, file:///shared/...); required on a cluster unless the store is on s3a:// or"
      + " hdfs:// (then STORE/_checkpoints); default on a local master: a temporary directory. Each run cleans its own")
  String checkpointDir;

  @Option(names = "--tune", paramLabel = "N", defaultValue = "0", description = "run N random tuning trials"
      + " (ALS rank, regParam, alpha on a validation split carved from the train side, as 'affinity tune') before"
      + " the evaluation and the final fit, and train with the best; default: no tuning")
  int tune;

  @Option(names = "--tune-minutes", paramLabel = "M", defaultValue = "30", description = "time budget of --tune:"
      + " no trial starts after it (default ${DEFAULT-VALUE})")
  double tuneMinutes;

  @Override
  public Integer call() {
    if (tune < 0) {
      throw new IllegalArgumentException("--tune must be >= 0 trials, got " + tune);
    }
    if (tune > 0 && params != null) {
      throw new IllegalArgumentException("--tune and --params both choose the ALS parameters: give one");
    }
    AlsParams als = new AlsParams(rank, regParam, alpha, maxIter, seed);
    if (params != null) {
      AlsParams best = io.affinity.jobs.tune.TuningResult.read(params).best();
      als = new AlsParams(best.rank(), best.regParam(), best.alpha(), best.maxIter(), seed);
      System.out.printf("parameters from %s: %s%n", params, als);
    }
    io.affinity.jobs.gate.GateSpec gate = new io.affinity.jobs.gate.GateSpec(!noGate,
        gateMetric != null ? gateMetric : "ndcg@" + k, gateTolerance, force);
    boolean remote = io.affinity.store.remote.RemoteStore.isRemote(store);
    TrainConfig cfg = new TrainConfig(interactions, items, remote ? Path.of(".") : Path.of(store), als,
        eventWeights, !noEvaluate,
        splitOptions.spec(), k, !noPromote, null, !noAnn, users, gate, sequenceOptions.config(seed), sequenceOptions.content(seed),
        DataWindow.parse(since, until, window, java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
        pseudonymize ? io.affinity.store.privacy.Pseudonymizer.fromEnvironment() : null, maxBadRowRatio,
        io.affinity.jobs.train.FinalFit.parse(finalFit));
    TrainResult r;
    io.affinity.jobs.util.DriverHeap heap = new io.affinity.jobs.util.DriverHeap();
    int probe = Integer.getInteger("affinity.heapProbeSeconds", 0);
    if (probe > 0) {
      heap.probeEvery(probe); // benchmarks: the live heap after a forced full collection
    }
    try (heap) {
      r = run(cfg::withStore, store, io.affinity.store.remote.RemoteStore.parseSettings(storeConf), master,
          checkpointDir, tune == 0 ? null : new Tuning(tune, tuneMinutes, splitOptions.spec()));
    }
    if (r.unchanged()) {
      System.out.printf("nothing changed: snapshot %s already covers this window and data (%.1fs)%n",
          r.manifest().snapshotId(), r.seconds());
      return 0;
    }
    System.out.printf("done in %.1fs (peak RSS %d MiB, peak live heap %d of %d MiB after %d collections%s): snapshot %s"
        + " in %s%n", r.seconds(), Progress.peakRssMiB(), heap.peakLiveMiB(), io.affinity.jobs.util.DriverHeap.maxMiB(),
        heap.collections(), heap.probing() ? String.format(", after a full collection every %d s: %d MiB", probe,
            heap.peakProbedMiB()) : "", r.manifest().snapshotId(), store);
    if (r.gate().outcome().equals("rejected")) {
      System.err.println("metric gate refused snapshot " + r.manifest().snapshotId() + ": "
          + r.gate().explanation() + ". It is stored but not current; --force promotes anyway.");
      return GATE_REFUSED;
    }
    return 0;
  }

  /** Exit code when the metric gate refuses the candidate. */
  static final int GATE_REFUSED = 3;

  /** Runs the job in a fresh session (stopped afterwards). */
  static TrainResult run(TrainConfig cfg, String master) {
    return run(dir -> cfg, cfg.store().toString(), java.util.Map.of(), master, null, null);
  }

  /**
   * {@code --tune N}: trials and time budget of the search run before training.
   *
   * @param trials random trials
   * @param minutes the time budget
   * @param split the evaluation protocol, whose train side the validation split is carved from
   */
  record Tuning(int trials, double minutes, io.affinity.jobs.eval.SplitSpec split) {}

  /** Runs the job in a fresh session against a local store or one on object storage / HDFS. */
  static TrainResult run(java.util.function.Function<Path, TrainConfig> configFor, String store,
      java.util.Map<String, String> storeConf, String master, String checkpointDir, Tuning tuning) {
    SparkSession spark = SparkSessions.create("affinity-train", master);
    storeConf.forEach(spark.sparkContext().hadoopConfiguration()::set);
    try (io.affinity.jobs.util.Checkpoints checkpoints = io.affinity.jobs.util.Checkpoints.configure(spark,
        checkpointDir, store)) {
      Progress progress = new Progress(System.out, TrainJob.STAGES);
      progress.info("Spark %s, master %s, checkpoints in %s", spark.version(), spark.sparkContext().master(),
          checkpoints.directory());
      try (var sparkProgress = new io.affinity.jobs.util.SparkProgress(spark.sparkContext(), progress, 20)) {
        java.util.function.Function<Path, TrainConfig> cfgFor = configFor;
        if (tuning != null) {
          AlsParams best = tune(spark, configFor.apply(Path.of(".")), tuning, checkpoints.directory());
          cfgFor = dir -> configFor.apply(dir).withAls(best);
        }
        return runWith(spark, cfgFor, store, progress);
      }
    } finally {
      spark.stop();
    }
  }

  /** Runs {@code tuning.trials()} trials like {@code affinity tune} in this session; returns the best parameters. */
  private static AlsParams tune(SparkSession spark, TrainConfig cfg, Tuning tuning, String checkpoints) {
    Path output;
    try {
      output = java.nio.file.Files.createTempFile("affinity-train-tune-", ".json");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the tuning result file", e);
    }
    io.affinity.jobs.tune.SearchSpace d = io.affinity.jobs.tune.SearchSpace.DEFAULTS;
    io.affinity.jobs.tune.TuneConfig tc = new io.affinity.jobs.tune.TuneConfig(cfg.interactions(), output,
        checkpoints.replaceAll("/+$", "") + "/_tune-quarantine", cfg.eventWeights(), tuning.split(),
        new io.affinity.jobs.tune.SearchSpace(d.ranks(), d.regParams(), d.alphas(), List.of(cfg.als().maxIter()),
            cfg.als().seed()), "random", tuning.trials(), tuning.minutes(), cfg.gate().metric());
    System.out.printf("--tune %d: searching ALS parameters before training (budget %.0f min)%n", tuning.trials(),
        tuning.minutes());
    io.affinity.jobs.tune.TuningResult r = io.affinity.jobs.tune.TuneJob.run(spark, tc,
        new Progress(System.out, 4));
    AlsParams best = new AlsParams(r.best().rank(), r.best().regParam(), r.best().alpha(), r.best().maxIter(),
        cfg.als().seed());
    System.out.printf("--tune: best validation %s %.4f after %d trials with %s; training with it%n", r.metric(),
        r.bestValue(), r.trials().size(), best);
    try {
      java.nio.file.Files.deleteIfExists(output);
    } catch (java.io.IOException e) {
      // a temporary file: left for the OS to clean
    }
    return best;
  }

  private static TrainResult runWith(SparkSession spark, java.util.function.Function<Path, TrainConfig> configFor,
      String store, Progress progress) {
    if (io.affinity.store.remote.RemoteStore.isRemote(store)) {
      return io.affinity.jobs.train.RemoteTrain.run(spark, store, configFor, progress);
    }
    return TrainJob.run(spark, configFor.apply(Path.of(store)), progress);
  }
}
