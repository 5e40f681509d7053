package io.affinity.jobs.train;

import io.affinity.jobs.eval.EvaluationResult;
import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.eval.HoldoutSplit;
import io.affinity.jobs.gate.GateDecision;
import io.affinity.jobs.gate.GateSpec;
import io.affinity.jobs.gate.Incumbent;
import io.affinity.jobs.util.Progress;
import io.affinity.store.StoreException;
import io.affinity.store.manifest.Evaluation;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the current snapshot's value of the gate metric on the candidate's protocol and data
 * window, then applies {@link GateDecision#decide}. When the current snapshot was evaluated on the
 * same protocol and the same data (equal fingerprint), its recorded metric is used; otherwise its
 * recorded ALS parameters are refit on the candidate's train side and evaluated on the same test
 * side, so both numbers always come from one split.
 */
final class GateStage {
  /** The model whose metric the gate compares. */
  static final String MODEL = "als";

  private GateStage() {}

  static GateDecision decide(SparkSession spark, TrainConfig cfg, EvaluationResult candidate,
      Map<String, Object> protocolKey, HoldoutSplit split, int numItems, Progress progress) {
    GateSpec spec = cfg.gate();
    if (!spec.enabled()) {
      progress.stage("metric gate disabled (--no-gate)");
      return GateDecision.skipped("disabled (--no-gate)");
    }
    progress.stage("metric gate: " + spec.metric() + " against the current snapshot");
    Incumbent inc = incumbent(spark, cfg, protocolKey, split, numItems);
    double cand = candidate.models().get(MODEL).getOrDefault(spec.metric(), Double.NaN);
    GateDecision d = GateDecision.decide(spec, cand, inc);
    progress.info("%s: %s", d.outcome(), d.explanation());
    return d;
  }

  private static Incumbent incumbent(SparkSession spark, TrainConfig cfg, Map<String, Object> key,
      HoldoutSplit split, int numItems) {
    SnapshotStore store = new SnapshotStore(cfg.store());
    Optional<String> current = store.current();
    if (current.isEmpty()) {
      return Incumbent.none();
    }
    String id = current.get();
    Manifest m;
    try {
      m = store.manifest(id);
    } catch (StoreException e) {
      return new Incumbent(id, Double.NaN, "none", "cannot read its manifest: " + e.getMessage());
    }
    String metric = cfg.gate().metric();
    Evaluation ev = m.evaluation();
    if (ev != null && sameProtocol(ev.protocol(), key) && !Double.isNaN(ev.metric(MODEL, metric))) {
      return new Incumbent(id, ev.metric(MODEL, metric), "recorded",
          "same protocol and data fingerprint: value from its manifest");
    }
    Map<String, Object> p = m.parameters();
    if (!"als-implicit".equals(p.get("algorithm"))) {
      return new Incumbent(id, Double.NaN, "none", "its algorithm '" + p.get("algorithm") + "' cannot be refit here");
    }
    AlsParams params;
    try {
      params = new AlsParams(num(p, "rank").intValue(), num(p, "regParam").doubleValue(),
          num(p, "alpha").doubleValue(), num(p, "maxIter").intValue(), num(p, "seed").longValue());
    } catch (RuntimeException e) {
      return new Incumbent(id, Double.NaN, "none", "its recorded parameters are unusable: " + e.getMessage());
    }
    Als.Fitted fit = Als.fit(params, spark, split.train());
    ALSModel model = fit.model();
    int cutoff = cfg.gate().cutoff();
    EvaluationResult r = Evaluator.on(split, numItems)
        .factors(MODEL, model.userFactors(), model.itemFactors()).cutoffs(cutoff).k(cutoff)
        .sample(cfg.split().maxUsers(), cfg.als().seed()).evaluate();
    fit.release();
    return new Incumbent(id, r.models().get(MODEL).getOrDefault(metric, Double.NaN), "refit",
        "protocol or data differ from its recorded evaluation: its parameters (" + params
            + ") were refit on this run's train side");
  }

  private static boolean sameProtocol(Map<String, Object> recorded, Map<String, Object> key) {
    return key.entrySet().stream().allMatch(e -> recorded.containsKey(e.getKey())
        && String.valueOf(recorded.get(e.getKey())).equals(String.valueOf(e.getValue())));
  }

  private static Number num(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(name + " is " + v);
    }
    return n;
  }
}
