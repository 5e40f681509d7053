package io.affinity.jobs.util;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.util.AccumulatorV2;

/**
 * A count of work done (users ranked, graph nodes inserted) that tasks add to as they go. Backed
 * by an {@link AtomicLong}, so a task may count from its worker threads and code without Spark
 * (the feature store's graph builder) may count into {@link #live()}; executors send the running
 * values of a task's accumulators with every heartbeat, which is how {@link SparkProgress} shows
 * work inside tasks that have not finished.
 */
public final class WorkCounter extends AccumulatorV2<Long, Long> {
  private static final long serialVersionUID = 1L;
  private final AtomicLong count = new AtomicLong();

  /** The counter's live value, for code that counts without knowing Spark. */
  public AtomicLong live() {
    return count;
  }

  @Override
  public boolean isZero() {
    return count.get() == 0;
  }

  @Override
  public WorkCounter copy() {
    WorkCounter c = new WorkCounter();
    c.count.set(count.get());
    return c;
  }

  @Override
  public void reset() {
    count.set(0);
  }

  @Override
  public void add(Long v) {
    count.addAndGet(v);
  }

  @Override
  public void merge(AccumulatorV2<Long, Long> other) {
    count.addAndGet(other.value());
  }

  @Override
  public Long value() {
    return count.get();
  }
}
