package io.affinity.serving.foldin;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.store.events.Event;
import io.affinity.store.events.EventLog;
import io.affinity.store.events.LoggedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time updates on top of the served snapshots: appends events to the durable log, then folds
 * them into the users' ALS vectors ({@link ImplicitAls}), so the very next request sees them. When
 * a new snapshot is loaded, {@link #prepare} builds its fold-in state before it is swapped in by
 * re-applying every logged event the snapshot's data does not cover (offsets after the manifest's
 * {@code eventLogOffset}). Writers (ingest, prepare) are serialised; readers never block. Knows
 * nothing of HTTP.
 */
public final class FoldInService {
  /** The space fold-in, sessions and explanations work in. */
  public static final String SPACE = FoldInModel.SPACE;
  private static final Logger LOG = LoggerFactory.getLogger(FoldInService.class);
  private final EventLog log;
  private final ConcurrentHashMap<String, FoldInModel> models = new ConcurrentHashMap<>();
  private final Map<String, String> unavailable = new ConcurrentHashMap<>();
  /** With a shared log: the next offset the consumer will apply (guarded by this). */
  private long applied;

  /**
   * Creates the service; {@code log} may be null (sessions and explanations only, no ingest). With
   * a shared log (Kafka), every event, this replica's own included, is applied from the log's
   * subscription, starting at the topic's beginning.
   */
  public FoldInService(EventLog log) {
    this.log = log;
    if (log != null && log.shared()) {
      log.subscribe(0, this::applyLogged);
    }
  }

  /** Applies a batch delivered by a shared log to every snapshot's state. */
  private synchronized void applyLogged(List<LoggedEvent> batch) {
    List<Event> events = new ArrayList<>(batch.size());
    for (LoggedEvent e : batch) {
      if (e.offset() >= applied) {
        events.add(e.event());
        applied = e.offset() + 1;
      }
    }
    for (FoldInModel m : models.values()) {
      apply(m, events);
    }
    notifyAll();
  }

  /**
   * What an ingest did.
   *
   * @param offsets per event, its log offset, or -1 for a replay of an idempotency key
   * @param usersUpdated users whose vectors were recomputed
   */
  public record Ingested(long[] offsets, int usersUpdated) {}

  /** Whether events can be ingested (an event log is configured). */
  public boolean ingestEnabled() {
    return log != null;
  }

  /**
   * Builds {@code snap}'s fold-in state (re-applying the events its data does not cover) and keeps
   * it next to {@code keep}'s, dropping any other.
   */
  public synchronized void prepare(LoadedSnapshot snap, LoadedSnapshot keep) {
    models.keySet().retainAll(keep == null ? Set.of() : Set.of(keep.id()));
    if (log != null) {
      // With ingest on, the state must be caught up before the swap. Without it, nothing to catch
      // up: YᵀY (about 3 s per million items) is left to the first session or explanation, so
      // it does not delay every swap.
      model(snap);
    }
  }

  /**
   * Appends {@code events} durably, then folds them into every prepared snapshot's state.
   *
   * @throws ApiException 503 when no event log is configured
   */
  public Ingested ingest(List<Event> events) {
    if (log == null) {
      throw ApiException.unavailable("real-time ingest is off: start the server with --events DIR");
    }
    return log.shared() ? ingestShared(events) : ingestLocal(events);
  }

  /** Shared log: the broker has the events when append returns; wait until our consumer applied them. */
  private Ingested ingestShared(List<Event> events) {
    long[] offsets = append(events);
    long last = -1;
    java.util.Set<String> users = new java.util.HashSet<>();
    for (int x = 0; x < offsets.length; x++) {
      last = Math.max(last, offsets[x]);
      if (offsets[x] >= 0) {
        users.add(events.get(x).userId());
      }
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    synchronized (this) {
      while (applied <= last && System.nanoTime() < deadline) {
        try {
          wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (applied <= last) {
        LOG.warn("events up to offset {} are stored but not yet applied here after 10 s", last);
      }
    }
    return new Ingested(offsets, users.size());
  }

  private long[] append(List<Event> events) {
    try {
      return log.append(events);
    } catch (io.affinity.store.StoreException e) {
      throw ApiException.unavailable("the event log is unavailable, nothing was stored: " + e.getMessage());
    }
  }

  private synchronized Ingested ingestLocal(List<Event> events) {
    long[] offsets = append(events);
    List<Event> stored = new ArrayList<>(events.size());
    for (int x = 0; x < events.size(); x++) {
      if (offsets[x] >= 0) {
        stored.add(events.get(x));
      }
    }
    int users = 0;
    for (FoldInModel m : models.values()) {
      users = apply(m, stored);
    }
    return new Ingested(offsets, users);
  }

  /** The user's real-time state in {@code space} of {@code snap}, or null when events changed nothing. */
  public UserState user(LoadedSnapshot snap, String space, String userId) {
    if (!FoldInModel.SPACE.equals(space)) {
      return null;
    }
    FoldInModel m = models.get(snap.id());
    return m == null ? null : m.users.get(userId);
  }

  /**
   * The vector of an anonymous visitor who interacted with {@code items} (weights default to 1;
   * items the snapshot does not know are skipped) and their ordinals.
   *
   * @throws ApiException 400 when none of the items is known, 503 when the snapshot cannot fold in
   */
  public UserState session(LoadedSnapshot snap, List<String> items, List<Double> weights) {
    FoldInModel m = require(snap);
    Map<String, Double> byItem = new LinkedHashMap<>();
    for (int x = 0; x < items.size(); x++) {
      byItem.merge(items.get(x), weights == null ? 1.0 : weights.get(x), Double::sum);
    }
    java.util.TreeMap<Integer, Float> merged = new java.util.TreeMap<>();
    byItem.forEach((id, w) -> {
      int o = m.space.items().ordinal(id);
      if (o >= 0) {
        merged.merge(o, w.floatValue(), Float::sum);
      }
    });
    int[] ords = merged.keySet().stream().mapToInt(Integer::intValue).toArray();
    float[] w = new float[ords.length];
    int x = 0;
    for (float v : merged.values()) {
      w[x++] = v;
    }
    float[] vector = ords.length == 0 ? null : m.solve(ords, w);
    if (vector == null) {
      throw ApiException.badRequest(ords.length == 0 ? "none of the session's items is in snapshot " + snap.id()
          + ": " + io.affinity.serving.http.Params.abbreviate(String.join(",", items))
          : "the session's items all have weight 0");
    }
    return new UserState(ords, w, vector);
  }

  /**
   * Why {@code itemId} scores as it does for {@code userId}: the user's items by their share of
   * the score, largest first.
   *
   * @throws ApiException 404 for an unknown user or item
   */
  public Explanation explain(LoadedSnapshot snap, String userId, String itemId, int k) {
    FoldInModel m = require(snap);
    UserState s = m.state(userId);
    if (s == null) {
      throw ApiException.notFound("user '" + io.affinity.serving.http.Params.abbreviate(userId)
          + "' has no history in snapshot " + snap.id() + " or in the events since");
    }
    int target = m.space.items().ordinal(itemId);
    if (target < 0) {
      throw ApiException.notFound("item '" + io.affinity.serving.http.Params.abbreviate(itemId)
          + "' is not in space '" + FoldInModel.SPACE + "' of snapshot " + snap.id());
    }
    double[] c = m.contributions(s.ords(), s.weights(), target);
    if (c == null) {
      throw ApiException.notFound("user '" + io.affinity.serving.http.Params.abbreviate(userId)
          + "' has no item with a positive weight");
    }
    Integer[] order = new Integer[c.length];
    double score = 0;
    for (int x = 0; x < c.length; x++) {
      order[x] = x;
      score += c[x];
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(c[b], c[a]));
    List<Explanation.Contribution> top = new ArrayList<>();
    for (int x = 0; x < Math.min(k, order.length); x++) {
      String id = m.space.items().id(s.ords()[order[x]]);
      top.add(new Explanation.Contribution(id, snap.titles().get(id), c[order[x]], s.weights()[order[x]]));
    }
    return new Explanation(snap.id(), userId, itemId, FoldInModel.SPACE, score, top);
  }

  /** The log offset the next event gets (0 without a log). */
  public long endOffset() {
    return log == null ? 0 : log.endOffset();
  }

  private FoldInModel require(LoadedSnapshot snap) {
    FoldInModel m = model(snap);
    if (m == null) {
      throw ApiException.unavailable("fold-in is not available: " + unavailable.get(snap.id()));
    }
    return m;
  }

  /** The snapshot's model, built (and caught up with the log) on first use. */
  private FoldInModel model(LoadedSnapshot snap) {
    FoldInModel m = models.get(snap.id());
    if (m != null || unavailable.containsKey(snap.id())) {
      return m;
    }
    synchronized (this) {
      m = models.get(snap.id());
      if (m != null) {
        return m;
      }
      String[] why = new String[1];
      long t0 = System.nanoTime();
      m = FoldInModel.of(snap, why);
      if (m == null) {
        unavailable.put(snap.id(), why[0]);
        LOG.warn("fold-in off for snapshot {}: {}", snap.id(), why[0]);
        return null;
      }
      int replayed = 0;
      if (log != null) {
        Object covered = snap.manifest().parameters().get("eventLogOffset");
        long from = covered instanceof Number n ? n.longValue() + 1 : 0;
        List<Event> events = new ArrayList<>();
        if (log.shared()) {
          log.replay(from, applied, (LoggedEvent e) -> events.add(e.event()));
        } else {
          log.replay(from, (LoggedEvent e) -> events.add(e.event()));
        }
        apply(m, events);
        replayed = events.size();
      }
      models.put(snap.id(), m);
      LOG.info("fold-in ready for snapshot {}: {} events re-applied, {} users updated, {} ms", snap.id(), replayed,
          m.users.size(), (System.nanoTime() - t0) / 1_000_000);
      return m;
    }
  }

  /** Folds events into one model, one solve per user; returns the users updated. */
  private static int apply(FoldInModel m, List<Event> events) {
    Map<String, Map<String, Double>> byUser = new HashMap<>();
    for (Event e : events) {
      byUser.computeIfAbsent(e.userId(), u -> new LinkedHashMap<>()).merge(e.itemId(), m.weight(e), Double::sum);
    }
    byUser.forEach(m::add);
    return byUser.size();
  }
}
