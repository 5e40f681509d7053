package io.affinity.store.events;

import java.util.List;
import java.util.function.Consumer;

/**
 * A durable, ordered, append-only log of events. {@link #append} returns only once the events are
 * durable (on the local disk with fsync, or acknowledged by the cluster's broker), so an
 * acknowledged event is never lost. Implementations are thread-safe.
 */
public interface EventLog extends AutoCloseable {
  /**
   * Appends events durably, skipping any whose idempotency key is already in the log.
   *
   * @return per event, its offset, or -1 when it was a duplicate and was not stored again
   */
  long[] append(List<Event> events);

  /** Visits every stored event with offset &gt;= {@code fromOffset}, in offset order. */
  void replay(long fromOffset, Consumer<LoggedEvent> visitor);

  /** Visits the stored events with offsets in {@code [fromOffset, toOffset)}, in offset order. */
  default void replay(long fromOffset, long toOffset, Consumer<LoggedEvent> visitor) {
    replay(fromOffset, e -> {
      if (e.offset() < toOffset) {
        visitor.accept(e);
      }
    });
  }

  /**
   * Whether other processes append to this log too (a cluster's broker): then every process
   * learns of events, its own included, through {@link #subscribe}, not from {@link #append}.
   */
  default boolean shared() {
    return false;
  }

  /**
   * For a shared log: delivers every event from {@code fromOffset} on, in order, in batches, on a
   * thread of the log's own, until closed. A local log has nothing to deliver.
   */
  default void subscribe(long fromOffset, Consumer<List<LoggedEvent>> sink) {
    // A local log's events all come through append.
  }

  /** The offset the next appended event will get (the number of events ever stored). */
  long endOffset();

  @Override
  void close();
}
