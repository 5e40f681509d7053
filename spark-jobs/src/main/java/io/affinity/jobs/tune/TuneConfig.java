package io.affinity.jobs.tune;

import io.affinity.jobs.eval.SplitSpec;
import io.affinity.jobs.gate.GateSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a tuning run needs, validated at construction.
 *
 * @param interactions interaction-log path (as for the train job)
 * @param output where the result file goes
 * @param quarantine where bad input rows are written (a directory or a Hadoop URI every executor can write)
 * @param eventWeights default weight per event type (as for the train job)
 * @param split the outer protocol; the validation split is carved from its train side
 * @param space the values to try
 * @param search {@code grid} or {@code random}
 * @param maxTrials the trial budget (&gt;= 1)
 * @param maxMinutes stop starting trials after this many minutes (&gt; 0)
 * @param metric the metric to maximise, e.g. {@code ndcg@10}
 */
public record TuneConfig(String interactions, Path output, String quarantine, Map<String, Double> eventWeights,
    SplitSpec split, SearchSpace space, String search, int maxTrials, double maxMinutes, String metric) {

  /** Validates every field; messages name the flag and the bad value. */
  public TuneConfig {
    if (interactions == null || interactions.isBlank()) {
      throw new IllegalArgumentException("--interactions is required");
    }
    Objects.requireNonNull(output, "--output");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(space, "space");
    if (!"grid".equals(search) && !"random".equals(search)) {
      throw new IllegalArgumentException("--search must be grid or random, got '" + search + "'");
    }
    if (maxTrials < 1) {
      throw new IllegalArgumentException("--trials must be >= 1, got " + maxTrials);
    }
    if (!(maxMinutes > 0)) {
      throw new IllegalArgumentException("--max-minutes must be > 0, got " + maxMinutes);
    }
    new GateSpec(true, metric, 0, false);
    eventWeights = eventWeights == null ? Map.of() : Map.copyOf(eventWeights);
  }

  /** The cut-off of {@link #metric}. */
  public int cutoff() {
    return Integer.parseInt(metric.substring(metric.indexOf('@') + 1));
  }
}
