package io.affinity.serving.snapshot;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot being served, swapped atomically, plus the last load failure (for readiness and
 * {@code /v1/snapshot}). Thread-safe.
 */
public final class SnapshotHolder {
  private final AtomicReference<LoadedSnapshot> current = new AtomicReference<>();
  private final AtomicReference<String> lastFailure = new AtomicReference<>("no snapshot loaded yet");

  /** The served snapshot, or null before the first successful load. */
  public LoadedSnapshot current() {
    return current.get();
  }

  /** Replaces the served snapshot. */
  public void swap(LoadedSnapshot next) {
    current.set(next);
    lastFailure.set(null);
  }

  /** Records why the latest load failed (the served snapshot, if any, is unchanged). */
  public void failed(String reason) {
    lastFailure.set(reason);
  }

  /** Why the latest load failed, or null when it succeeded. */
  public String lastFailure() {
    return lastFailure.get();
  }
}
