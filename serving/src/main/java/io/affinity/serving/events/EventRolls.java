package io.affinity.serving.events;

import io.affinity.serving.config.EventsConfig;
import io.affinity.serving.http.ApiException;
import io.affinity.store.events.EventLog;
import io.affinity.store.events.EventRoller;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off to batch inside the server that owns the event log: every {@code --roll-minutes}
 * (and on {@code POST /v1/admin/events/roll}) the events not yet rolled go to {@code --roll-to}
 * as date-partitioned Parquet (see {@link EventRoller} for the exactly-once argument).
 */
public final class EventRolls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventRolls.class);
  private final EventLog log;
  private final EventsConfig config;
  private ScheduledExecutorService executor;

  /** Creates the roller; both may be null (then rolls are off). */
  public EventRolls(EventLog log, EventsConfig config) {
    this.log = log;
    this.config = config;
  }

  /** Starts the schedule when roll-over is configured. */
  public void start() {
    if (log == null || config.rollTo() == null) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "event-log-roller");
      t.setDaemon(true);
      return t;
    });
    long every = config.rollEvery().toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        rollNow();
      } catch (RuntimeException e) {
        LOG.error("rolling the event log into {} failed; the events stay in the log and the next roll retries",
            config.rollTo(), e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Rolls now.
   *
   * @throws ApiException 503 when no event log or no {@code --roll-to} is configured
   */
  public EventRoller.Rolled rollNow() {
    if (log == null || config.rollTo() == null) {
      throw ApiException.unavailable("event roll-over is off: start the server with --events DIR --roll-to DIR");
    }
    EventRoller.Rolled r = EventRoller.roll(log, config.log(), config.rollTo());
    if (r.events() > 0) {
      LOG.info("rolled {} events into {} Parquet files under {} (up to offset {})", r.events(), r.files(),
          config.rollTo(), r.rolledUpTo());
    }
    return r;
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
