package io.affinity.serving.foldin;

import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.snapshot.LoadedSpace;
import io.affinity.store.events.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fold-in for one snapshot: its ALS space, {@code YᵀY}, the ALS parameters and event weights the
 * snapshot was trained with (from its manifest), and the users real-time events changed since.
 * Reads are lock-free; updates come from one writer at a time ({@link FoldInService}).
 */
final class FoldInModel {
  /** The space fold-in works in: the ALS factors. */
  static final String SPACE = "als";
  /** The weight of an event with neither a weight nor a configured type (the train job's too). */
  static final double FALLBACK_WEIGHT = 1.0;

  final LoadedSnapshot snapshot;
  final LoadedSpace space;
  final double[] gram;
  final double alpha;
  final double regParam;
  private final Map<String, Double> eventWeights;
  final ConcurrentHashMap<String, UserState> users = new ConcurrentHashMap<>();
  private final ThreadLocal<ImplicitAls.Workspace> workspace;

  private FoldInModel(LoadedSnapshot snapshot, LoadedSpace space, double alpha, double regParam,
      Map<String, Double> eventWeights) {
    this.snapshot = snapshot;
    this.space = space;
    this.alpha = alpha;
    this.regParam = regParam;
    this.eventWeights = eventWeights;
    this.gram = ImplicitAls.gram(space.items().data(), space.items().dim());
    int dim = space.items().dim();
    this.workspace = ThreadLocal.withInitial(() -> new ImplicitAls.Workspace(dim));
  }

  /**
   * The model of {@code snap}, or null when it cannot fold in (no {@code als} space or no ALS
   * parameters in its manifest); {@code why[0]} then says why.
   */
  static FoldInModel of(LoadedSnapshot snap, String[] why) {
    LoadedSpace space = snap.spaces().get(SPACE);
    Map<String, Object> p = snap.manifest().parameters();
    if (space == null || space.users() == null) {
      why[0] = "snapshot " + snap.id() + " has no '" + SPACE + "' space with user vectors";
      return null;
    }
    if (!(p.get("alpha") instanceof Number alpha) || !(p.get("regParam") instanceof Number reg)) {
      why[0] = "snapshot " + snap.id() + " does not record the ALS alpha and regParam it was trained with";
      return null;
    }
    Map<String, Double> weights = new HashMap<>();
    if (p.get("eventWeights") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v instanceof Number n) {
          weights.put(String.valueOf(k), n.doubleValue());
        }
      });
    }
    return new FoldInModel(snap, space, alpha.doubleValue(), reg.doubleValue(), Map.copyOf(weights));
  }

  /** The weight the train job would give {@code e}. */
  double weight(Event e) {
    if (e.weight() != null) {
      return e.weight();
    }
    Double w = e.eventType() == null ? null : eventWeights.get(e.eventType());
    return w == null ? FALLBACK_WEIGHT : w;
  }

  /** The user's current state: folded in, else from the snapshot, else null. */
  UserState state(String userId) {
    UserState s = users.get(userId);
    if (s != null) {
      return s;
    }
    int u = space.users().ordinal(userId);
    if (u < 0) {
      return null;
    }
    int[] ords = space.knownByUser()[u];
    float[] w = space.weightsByUser() == null ? ones(ords.length) : space.weightsByUser()[u];
    return new UserState(ords, w, space.users().vector(u));
  }

  /**
   * Adds weights to a user's items and solves for the new vector; items the space does not know
   * are ignored. Returns the new state (also stored), or the old one when nothing changed.
   */
  UserState add(String userId, Map<String, Double> addedByItem) {
    UserState old = state(userId);
    TreeMap<Integer, Float> merged = new TreeMap<>();
    if (old != null) {
      for (int x = 0; x < old.ords().length; x++) {
        merged.put(old.ords()[x], old.weights()[x]);
      }
    }
    boolean changed = false;
    for (Map.Entry<String, Double> e : addedByItem.entrySet()) {
      int o = space.items().ordinal(e.getKey());
      if (o >= 0) {
        merged.merge(o, e.getValue().floatValue(), Float::sum);
        changed = true;
      }
    }
    if (!changed) {
      return old;
    }
    int[] ords = merged.keySet().stream().mapToInt(Integer::intValue).toArray();
    float[] w = new float[ords.length];
    int x = 0;
    for (float v : merged.values()) {
      w[x++] = v;
    }
    UserState next = new UserState(ords, w, solve(ords, w));
    users.put(userId, next);
    return next;
  }

  /** The vector of a user with these items and weights (null when no weight is positive). */
  float[] solve(int[] ords, float[] weights) {
    return ImplicitAls.solve(gram, space.items().data(), space.items().dim(), ords, weights, ords.length, alpha,
        regParam, workspace.get());
  }

  /** Each item's share of {@code target}'s score for a user with these items (null: no vector). */
  double[] contributions(int[] ords, float[] weights, int target) {
    return ImplicitAls.contributions(gram, space.items().data(), space.items().dim(), ords, weights, ords.length,
        alpha, regParam, target, workspace.get());
  }

  private static float[] ones(int n) {
    float[] o = new float[n];
    java.util.Arrays.fill(o, 1f);
    return o;
  }
}
