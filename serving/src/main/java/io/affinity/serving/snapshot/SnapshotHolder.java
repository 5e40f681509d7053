package io.affinity.serving.snapshot;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot being served, swapped atomically, plus the last load failure (for readiness and
 * {@code /v1/snapshot}). Requests {@link #acquire} the snapshot and {@link LoadedSnapshot#release}
 * it when done, so a replaced snapshot's mapped files are closed only after its last request.
 * Thread-safe.
 */
public final class SnapshotHolder {
  private final AtomicReference<LoadedSnapshot> current = new AtomicReference<>();
  private final AtomicReference<String> lastFailure = new AtomicReference<>("no snapshot loaded yet");

  /** The served snapshot, or null before the first successful load (not acquired: do not search it). */
  public LoadedSnapshot current() {
    return current.get();
  }

  /** The served snapshot with a reference taken (release it when done), or null when none. */
  public LoadedSnapshot acquire() {
    while (true) {
      LoadedSnapshot s = current.get();
      if (s == null || s.refs().tryAcquire()) {
        return s;
      }
      // s was replaced and released between the read and the acquire: read the newer one.
    }
  }

  /** Replaces the served snapshot; the previous one is released once its requests finish. */
  public void swap(LoadedSnapshot next) {
    LoadedSnapshot previous = current.getAndSet(next);
    lastFailure.set(null);
    if (previous != null) {
      previous.release();
    }
  }

  /** Stops serving: releases the current snapshot (on shutdown). */
  public void clear() {
    LoadedSnapshot previous = current.getAndSet(null);
    if (previous != null) {
      previous.release();
    }
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
