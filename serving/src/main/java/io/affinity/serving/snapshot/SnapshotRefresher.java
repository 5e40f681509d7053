package io.affinity.serving.snapshot;

import java.util.function.BiConsumer;
import io.affinity.serving.metrics.ServingMetrics;
import io.affinity.store.StoreException;
import io.affinity.store.read.SnapshotSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the snapshot {@code _CURRENT} names on a named background thread, at start and then every
 * poll interval when the pointer has changed. A snapshot that fails to verify or load is refused
 * with the reason logged and kept in the holder; the previous snapshot keeps serving.
 */
public final class SnapshotRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRefresher.class);
  private final SnapshotSource store;
  private final SnapshotLoader loader;
  private final SnapshotHolder holder;
  private final ServingMetrics metrics;
  private final SnapshotWarmer warmer;
  private final BiConsumer<LoadedSnapshot, LoadedSnapshot> beforeSwap;
  private final ScheduledExecutorService executor;
  private volatile String lastAttempted;

  /**
   * Creates a refresher; call {@link #start(Duration)} to begin. {@code beforeSwap} gets each new
   * snapshot and the one it replaces (or null) after warm-up and before the swap (real-time
   * fold-in catches up there); if it throws, the snapshot is refused.
   */
  public SnapshotRefresher(SnapshotSource store, SnapshotLoader loader, SnapshotHolder holder,
      ServingMetrics metrics, SnapshotWarmer warmer, BiConsumer<LoadedSnapshot, LoadedSnapshot> beforeSwap) {
    this.warmer = warmer;
    this.beforeSwap = beforeSwap;
    this.store = store;
    this.loader = loader;
    this.holder = holder;
    this.metrics = metrics;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "snapshot-refresher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads now (in the background) and then checks every {@code interval}. */
  public void start(Duration interval) {
    executor.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the current snapshot if it differs from the one served and was not already refused:
   * verifies its checksums, loads it, warms it, and only then swaps it in. Serialised: the poller
   * and admin requests never load twice at once.
   *
   * @return true when a new snapshot was swapped in
   */
  public synchronized boolean refresh() {
    Optional<String> id;
    try {
      id = store.current();
    } catch (StoreException e) {
      holder.failed(e.getMessage());
      return false;
    }
    if (id.isEmpty()) {
      holder.failed("store " + store.describe() + " has no _CURRENT snapshot yet");
      return false;
    }
    LoadedSnapshot served = holder.current();
    if ((served != null && served.id().equals(id.get())) || id.get().equals(lastAttempted)) {
      return false;
    }
    lastAttempted = id.get();
    long t0 = System.nanoTime();
    LoadedSnapshot next = null;
    try {
      next = loader.load(store.open(id.get()));
      long t1 = System.nanoTime();
      int warmed = warmer.warm(next);
      beforeSwap.accept(next, holder.current());
      holder.swap(next);
      metrics.snapshotLoaded(next.id(), createdAt(next), System.nanoTime() - t0);
      LOG.info("serving snapshot {} (loaded in {} ms, warmed with {} searches in {} ms)", id.get(),
          (t1 - t0) / 1_000_000, warmed, (System.nanoTime() - t1) / 1_000_000);
      return true;
    } catch (RuntimeException e) {
      if (next != null && holder.current() != next) {
        next.release(); // loaded but never served: unmap its files now
      }
      String reason = "refused snapshot " + id.get() + ": " + e.getMessage();
      holder.failed(reason);
      metrics.snapshotRefused();
      LOG.error("{}{}", reason, served == null ? "" : "; still serving " + served.id());
      return false;
    }
  }

  private static java.time.Instant createdAt(LoadedSnapshot s) {
    try {
      return java.time.Instant.parse(s.manifest().createdAt());
    } catch (java.time.format.DateTimeParseException e) {
      return s.loadedAt();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      holder.failed("unexpected error while loading: " + e);
      LOG.error("unexpected error while loading a snapshot", e);
    }
  }

  /** Stops polling, waiting up to 10 s for a load in progress. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
