package io.affinity.serving.snapshot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reference count of one loaded snapshot: the holder owns one reference while it serves the
 * snapshot, and each request holds one while it runs. When the count drops to zero (the snapshot
 * was replaced and its last request finished) its resources (memory-mapped index files) are
 * released. A retired snapshot can never be acquired again.
 */
public final class SnapshotRefs {
  private final AtomicInteger count = new AtomicInteger(1);
  private final Runnable onRelease;

  /** Starts with the holder's reference; {@code onRelease} runs once, when the count reaches zero. */
  public SnapshotRefs(Runnable onRelease) {
    this.onRelease = onRelease;
  }

  /** Takes a reference unless the snapshot is already released; true on success. */
  public boolean tryAcquire() {
    for (int c = count.get(); c > 0; c = count.get()) {
      if (count.compareAndSet(c, c + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Drops a reference, releasing the resources after the last one. */
  public void release() {
    int c = count.decrementAndGet();
    if (c == 0) {
      onRelease.run();
    } else if (c < 0) {
      throw new IllegalStateException("snapshot released more often than acquired");
    }
  }

  /** The current count (for tests and metrics). */
  public int count() {
    return count.get();
  }
}
