package io.affinity.jobs.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the train job needs, validated at construction.
 *
 * @param interactions interaction-log path: a file, a directory, a glob or a date-partitioned tree
 * @param items optional item-catalog path, or null
 * @param store the feature store root
 * @param als ALS hyper-parameters
 * @param eventWeights default weight per event type, used where {@code weight} is null
 * @param evaluate whether to evaluate on a held-out split before publishing
 * @param split the evaluation protocol: random per-user holdout, leave-last-out, or a time cut
 * @param k the evaluation cut-off, 1..1000
 * @param promote whether to point {@code _CURRENT} at the new snapshot
 * @param quarantine where bad rows are written, or null for {@code STORE/_quarantine/ID}
 * @param buildAnn whether to build ANN graph indexes over item vectors
 * @param users optional user-attribute table (column {@code user_id} plus attribute columns) for
 *     per-segment metrics, or null
 * @param gate the metric gate applied before promoting
 * @param sequence the sequence model's hyper-parameters, or null to train no {@code sequence} space
 * @param content the content encoder's hyper-parameters, or null to build no {@code content} space
 *     (needs {@code items})
 * @param window the time range of events read ({@code --since}, {@code --until}, {@code --window})
 * @param pseudonymizer replaces every user id as it is read ({@code --pseudonymize-users}), or null
 * @param maxBadRowRatio the job fails when more than this share of the rows read is dropped
 *     ({@code --max-bad-row-ratio}, 0..1; 1 never fails)
 * @param finalFit where the published ALS vectors come from after an evaluation ({@code --final-fit})
 */
public record TrainConfig(
    String interactions,
    String items,
    Path store,
    AlsParams als,
    Map<String, Double> eventWeights,
    boolean evaluate,
    io.affinity.jobs.eval.SplitSpec split,
    int k,
    boolean promote,
    Path quarantine,
    boolean buildAnn,
    String users,
    io.affinity.jobs.gate.GateSpec gate,
    io.affinity.transformers.sequence.SequenceConfig sequence,
    io.affinity.transformers.content.ContentConfig content,
    DataWindow window,
    io.affinity.store.privacy.Pseudonymizer pseudonymizer,
    double maxBadRowRatio,
    FinalFit finalFit) {

  /** Weights used for event types not otherwise configured, and for a null {@code event_type}. */
  public static final double FALLBACK_WEIGHT = 1.0;

  /** Default weights per event type; {@code rating} rows normally carry their own weight. */
  public static final Map<String, Double> DEFAULT_EVENT_WEIGHTS = Map.of(
      "view", 1.0, "click", 1.0, "rating", 1.0, "add_to_cart", 2.0, "like", 3.0, "purchase", 4.0);

  /** Validates every field. */
  public TrainConfig {
    if (interactions == null || interactions.isBlank()) {
      throw new IllegalArgumentException("--interactions is required");
    }
    Objects.requireNonNull(store, "--store is required");
    Objects.requireNonNull(als, "als");
    Map<String, Double> w = new TreeMap<>(DEFAULT_EVENT_WEIGHTS);
    if (eventWeights != null) {
      eventWeights.forEach((type, v) -> {
        if (v == null || !(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("--event-weight " + type + "=" + v
              + ": weight must be a finite number >= 0");
        }
        w.put(type, v);
      });
    }
    eventWeights = w;
    Objects.requireNonNull(split, "split");
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("--k must be in 1..1000, got " + k);
    }
    Objects.requireNonNull(gate, "gate");
    window = window == null ? DataWindow.ALL : window;
    if (!(maxBadRowRatio >= 0 && maxBadRowRatio <= 1)) {
      throw new IllegalArgumentException("--max-bad-row-ratio must be in [0, 1], got " + maxBadRowRatio);
    }
    finalFit = finalFit == null ? FinalFit.AUTO : finalFit;
    if (content != null && (items == null || items.isBlank())) {
      throw new IllegalArgumentException("--content needs an item catalog (--items): the encoder reads item text");
    }
  }

  /** A config reading every event (no window). */
  public TrainConfig(String interactions, String items, Path store, AlsParams als, Map<String, Double> eventWeights,
      boolean evaluate, io.affinity.jobs.eval.SplitSpec split, int k, boolean promote, Path quarantine,
      boolean buildAnn, String users, io.affinity.jobs.gate.GateSpec gate,
      io.affinity.transformers.sequence.SequenceConfig sequence,
      io.affinity.transformers.content.ContentConfig content) {
    this(interactions, items, store, als, eventWeights, evaluate, split, k, promote, quarantine, buildAnn, users, gate,
        sequence, content, DataWindow.ALL, null, 1.0, FinalFit.AUTO);
  }

  /** A config with a window and no pseudonyms. */
  public TrainConfig(String interactions, String items, Path store, AlsParams als, Map<String, Double> eventWeights,
      boolean evaluate, io.affinity.jobs.eval.SplitSpec split, int k, boolean promote, Path quarantine,
      boolean buildAnn, String users, io.affinity.jobs.gate.GateSpec gate,
      io.affinity.transformers.sequence.SequenceConfig sequence,
      io.affinity.transformers.content.ContentConfig content, DataWindow window) {
    this(interactions, items, store, als, eventWeights, evaluate, split, k, promote, quarantine, buildAnn, users, gate,
        sequence, content, window, null, 1.0, FinalFit.AUTO);
  }

  /** A copy that fails when more than {@code ratio} of the rows read are dropped. */
  public TrainConfig withMaxBadRowRatio(double ratio) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, window, pseudonymizer, ratio, finalFit);
  }

  /** A copy that replaces user ids with keyed pseudonyms as they are read. */
  public TrainConfig withPseudonyms(io.affinity.store.privacy.Pseudonymizer p) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, window, p, maxBadRowRatio, finalFit);
  }

  /** A copy publishing into the store at {@code dir}. */
  public TrainConfig withStore(Path dir) {
    return new TrainConfig(interactions, items, dir, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy reading only the events in {@code w}. */
  public TrainConfig withWindow(DataWindow w) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, w, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A config that takes its final fit with {@link FinalFit#AUTO}. */
  public TrainConfig(String interactions, String items, Path store, AlsParams als, Map<String, Double> eventWeights,
      boolean evaluate, io.affinity.jobs.eval.SplitSpec split, int k, boolean promote, Path quarantine,
      boolean buildAnn, String users, io.affinity.jobs.gate.GateSpec gate,
      io.affinity.transformers.sequence.SequenceConfig sequence,
      io.affinity.transformers.content.ContentConfig content, DataWindow window,
      io.affinity.store.privacy.Pseudonymizer pseudonymizer, double maxBadRowRatio) {
    this(interactions, items, store, als, eventWeights, evaluate, split, k, promote, quarantine, buildAnn, users, gate,
        sequence, content, window, pseudonymizer, maxBadRowRatio, FinalFit.AUTO);
  }

  /** A copy whose published ALS vectors come from {@code f} after an evaluation. */
  public TrainConfig withFinalFit(FinalFit f) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, window, pseudonymizer, maxBadRowRatio, f);
  }

  /** A config with defaults for everything but the paths. */
  public static TrainConfig defaults(String interactions, String items, Path store) {
    return new TrainConfig(interactions, items, store, AlsParams.DEFAULTS, null, true,
        io.affinity.jobs.eval.SplitSpec.DEFAULT, 10, true, null, true, null, io.affinity.jobs.gate.GateSpec.defaults(10), null, null, DataWindow.ALL, null, 1.0, FinalFit.AUTO);
  }

  /** A copy evaluated with another split protocol. */
  public TrainConfig withSplit(io.affinity.jobs.eval.SplitSpec s) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, s, k, promote, quarantine,
        buildAnn, users, gate, sequence, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy with other ALS parameters. */
  public TrainConfig withAls(AlsParams p) {
    return new TrainConfig(interactions, items, store, p, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy with another gate. */
  public TrainConfig withGate(io.affinity.jobs.gate.GateSpec g) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, g, sequence, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy that also trains the sequence model (null: none). */
  public TrainConfig withSequence(io.affinity.transformers.sequence.SequenceConfig s) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, s, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy that also builds the content space (null: none). */
  public TrainConfig withContent(io.affinity.transformers.content.ContentConfig c) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, users, gate, sequence, c, window, pseudonymizer, maxBadRowRatio, finalFit);
  }

  /** A copy with a user-attribute table for per-segment metrics. */
  public TrainConfig withUsers(String path) {
    return new TrainConfig(interactions, items, store, als, eventWeights, evaluate, split, k,
        promote, quarantine, buildAnn, path, gate, sequence, content, window, pseudonymizer, maxBadRowRatio, finalFit);
  }
}
