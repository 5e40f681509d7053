package io.affinity.jobs.tune;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.train.Als;
import io.affinity.jobs.train.AlsParams;
import io.affinity.jobs.train.IndexedInteractions;
import io.affinity.jobs.train.InteractionLoader;
import io.affinity.jobs.train.LoadedInteractions;
import io.affinity.jobs.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;

/**
 * {@code affinity tune}: searches ALS hyper-parameters on a validation split carved out of the
 * outer protocol's train side only (the outer test side is never read), and writes a
 * {@link TuningResult}. The validation split repeats the outer protocol on the train side (random:
 * same fraction, seed + 1; leave-last-out: each user's latest remaining item); for a global time
 * cut it is leave-last-out, since the time cut itself already ends the train side.
 */
public final class TuneJob {
  private TuneJob() {}

  /** Runs the search and writes the result file. */
  public static TuningResult run(SparkSession spark, TuneConfig cfg, Progress progress) {
    long seed = cfg.space().seed();
    progress.stage("read and validate interactions from " + cfg.interactions());
    Map<String, Double> weights = new java.util.TreeMap<>(io.affinity.jobs.train.TrainConfig.DEFAULT_EVENT_WEIGHTS);
    weights.putAll(cfg.eventWeights());
    LoadedInteractions loaded = InteractionLoader.load(spark, cfg.interactions(), weights,
        cfg.quarantine());
    if (loaded.rowsKept() == 0) {
      loaded.release();
      throw new IllegalArgumentException("no valid interactions in " + cfg.interactions());
    }
    IndexedInteractions ix = IndexedInteractions.of(loaded.valid());
    loaded.release();
    progress.info("%s users x %s items, %s pairs", Progress.count(ix.numUsers()),
        Progress.count(ix.numItems()), Progress.count(ix.pairs()));

    progress.stage("carve a validation split from the train side of " + cfg.split().label());
    HoldoutSplit outer = cfg.split().apply(ix.indexed(), seed);
    SplitSpec inner = cfg.split().validation();
    HoldoutSplit validation = inner.apply(outer.train(), seed + 1);
    progress.info("%s fit pairs, %s validation pairs (the outer test side is not used)",
        Progress.count(validation.train().count()), Progress.count(validation.test().count()));

    List<AlsParams> candidates = cfg.search().equals("grid") ? cfg.space().grid()
        : cfg.space().sample(cfg.maxTrials(), seed);
    if (candidates.size() > cfg.maxTrials()) {
      progress.info("the grid has %d combinations; the budget of %d trials takes the first %d",
          candidates.size(), cfg.maxTrials(), cfg.maxTrials());
      candidates = candidates.subList(0, cfg.maxTrials());
    }
    progress.stage(String.format(Locale.ROOT, "%s search: %d trials, maximising validation %s",
        cfg.search(), candidates.size(), cfg.metric()));
    List<TuningResult.Trial> trials = new ArrayList<>();
    TuningResult.Trial best = null;
    long started = System.nanoTime();
    String stopped = "all trials ran";
    for (AlsParams p : candidates) {
      if ((System.nanoTime() - started) / 60e9 >= cfg.maxMinutes()) {
        stopped = String.format(Locale.ROOT, "time budget of %.1f min reached after %d trials",
            cfg.maxMinutes(), trials.size());
        progress.info("%s", stopped);
        break;
      }
      long t0 = System.nanoTime();
      Als.Fitted fit = Als.fit(p, spark, validation.train());
      ALSModel model = fit.model();
      EvaluationResult r = Evaluator.on(validation, ix.numItems())
          .factors("als", model.userFactors(), model.itemFactors())
          .cutoffs(cfg.cutoff()).k(cfg.cutoff()).sample(cfg.split().maxUsers(), p.seed()).evaluate();
      fit.release();
      double v = r.models().get("als").getOrDefault(cfg.metric(), Double.NaN);
      TuningResult.Trial t = new TuningResult.Trial(p, v, (System.nanoTime() - t0) / 1e9);
      trials.add(t);
      if (best == null || v > best.value()) {
        best = t;
      }
      progress.info("trial %2d: rank %3d regParam %-6s alpha %-5s iter %2d -> %s %.4f (%.1fs)%s",
          trials.size(), p.rank(), p.regParam(), p.alpha(), p.maxIter(), cfg.metric(), v, t.seconds(),
          best == t ? "  best so far" : "");
    }
    validation.release();
    outer.release();
    ix.release();
    Map<String, Object> protocol = new LinkedHashMap<>(cfg.split().describe(seed));
    protocol.put("validation", "carved from the train side: " + inner.label() + " (seed " + (seed + 1) + ")");
    protocol.put("dataRows", loaded.rowsKept());
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("kind", cfg.search());
    search.put("maxTrials", cfg.maxTrials());
    search.put("maxMinutes", cfg.maxMinutes());
    search.put("trialsRun", trials.size());
    search.put("stopped", stopped);
    search.put("space", cfg.space());
    TuningResult result = new TuningResult(cfg.metric(), protocol, search, best.params(), best.value(), trials);
    try {
      result.write(cfg.output());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tuning result to " + cfg.output(), e);
    }
    progress.info("best: %s -> %s %.4f; written to %s", best.params(), cfg.metric(), best.value(), cfg.output());
    return result;
  }
}
