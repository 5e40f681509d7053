package io.affinity.jobs.cli;

import io.affinity.jobs.tune.SearchSpace;
import io.affinity.jobs.tune.TuneConfig;
import io.affinity.jobs.tune.TuneJob;
import io.affinity.jobs.tune.TuningResult;
import io.affinity.jobs.util.Progress;
import io.affinity.jobs.util.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code affinity tune --interactions PATH --output FILE [search flags]}. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Search ALS rank, regParam, alpha and iterations on a validation split carved from the"
        + " train side of the evaluation protocol; write the best parameters for 'train --params'.")
final class TuneCommand implements Callable<Integer> {
  @Option(names = "--interactions", required = true, paramLabel = "PATH", description = "interaction-log Parquet")
  String interactions;

  @Option(names = "--output", defaultValue = "tuning.json", paramLabel = "FILE",
      description = "result file (default ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
  String master;

  @Option(names = "--search", defaultValue = "random", description = "grid or random (default ${DEFAULT-VALUE})")
  String search;

  @Option(names = "--trials", defaultValue = "12", description = "trial budget (default ${DEFAULT-VALUE})")
  int trials;

  @Option(names = "--max-minutes", defaultValue = "60", description = "time budget (default ${DEFAULT-VALUE})")
  double maxMinutes;

  @Option(names = "--ranks", split = ",", description = "ranks to try (default 32,64)")
  List<Integer> ranks = SearchSpace.DEFAULTS.ranks();

  @Option(names = "--reg-params", split = ",", description = "regParams to try (default 0.01,0.03,0.1,0.3,1)")
  List<Double> regParams = SearchSpace.DEFAULTS.regParams();

  @Option(names = "--alphas", split = ",", description = "alphas to try (default 0.1,0.3,1,3)")
  List<Double> alphas = SearchSpace.DEFAULTS.alphas();

  @Option(names = "--max-iters", split = ",", description = "iteration counts to try (default 15)")
  List<Integer> maxIters = SearchSpace.DEFAULTS.maxIters();

  @Option(names = "--seed", defaultValue = "42", description = "seed for ALS, the splits and the sampling")
  long seed;

  @Option(names = "--metric", defaultValue = "ndcg@10", description = "metric to maximise (default ${DEFAULT-VALUE})")
  String metric;

  @picocli.CommandLine.Mixin
  SplitOptions splitOptions = new SplitOptions();

  @Option(names = "--event-weight", paramLabel = "TYPE=W", description = "as for train (repeatable)")
  Map<String, Double> eventWeights = new LinkedHashMap<>();

  @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "where ALS checkpoints go: storage every node"
      + " sees; required on a cluster (default on a local master: a temporary directory)")
  String checkpointDir;

  @Option(names = "--quarantine", paramLabel = "URI", description = "where bad rows are written (default: a"
      + " temporary directory on a local master, CHECKPOINT_DIR/_tune-quarantine/APP on a cluster)")
  String quarantine;

  @Override
  public Integer call() throws Exception {
    SparkSession spark = SparkSessions.create("affinity-tune", master);
    try (io.affinity.jobs.util.Checkpoints checkpoints = io.affinity.jobs.util.Checkpoints.configure(spark,
        checkpointDir, null)) {
      String bad = quarantine != null ? quarantine : spark.sparkContext().isLocal()
          ? Files.createTempDirectory("affinity-tune-").resolve("quarantine").toString()
          : checkpointDir.replaceAll("/+$", "") + "/_tune-quarantine/" + spark.sparkContext().applicationId();
      TuneConfig cfg = new TuneConfig(interactions, output, bad, eventWeights, splitOptions.spec(),
          new SearchSpace(ranks, regParams, alphas, maxIters, seed), search, trials, maxMinutes, metric);
      Progress progress = new Progress(System.out, 4);
      TuningResult r;
      try (var sparkProgress = new io.affinity.jobs.util.SparkProgress(spark.sparkContext(), progress, 20)) {
        r = TuneJob.run(spark, cfg, progress);
      }
      System.out.printf("best %s = %.4f with %s; train with: affinity train --params %s ...%n",
          r.metric(), r.bestValue(), r.best(), output);
    } finally {
      spark.stop();
    }
    return 0;
  }
}
