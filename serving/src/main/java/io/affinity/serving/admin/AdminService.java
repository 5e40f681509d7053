package io.affinity.serving.admin;

import io.affinity.serving.http.ApiException;
import io.affinity.serving.snapshot.SnapshotRefresher;
import io.affinity.store.StoreException;
import io.affinity.store.admin.SnapshotAdmin;
import io.affinity.store.layout.SnapshotIds;
import java.time.Duration;
import java.util.List;

/**
 * Store administration for the admin routes: the same operations as {@code affinity snapshots},
 * followed by an immediate reload so the server serves the result before answering. Knows
 * nothing of HTTP beyond mapping failures to {@link ApiException}s. Operations are serialised.
 */
public final class AdminService {
  private final io.affinity.store.admin.StoreAdmin admin;
  private final SnapshotRefresher refresher;
  private final Duration minLeftoverAge;

  /** Creates the service over {@code admin}'s store; gc spares publish leftovers younger than {@code minLeftoverAge}. */
  public AdminService(io.affinity.store.admin.StoreAdmin admin, SnapshotRefresher refresher, Duration minLeftoverAge) {
    this.admin = admin;
    this.refresher = refresher;
    this.minLeftoverAge = minLeftoverAge;
  }

  /**
   * The outcome of a promote or rollback.
   *
   * @param current the id {@code _CURRENT} now names
   * @param reloaded whether the server swapped to a newly loaded snapshot
   */
  public record Outcome(String current, boolean reloaded) {}

  /** The store's snapshots, oldest first. */
  public synchronized List<SnapshotAdmin.Entry> list() {
    return admin.list();
  }

  /**
   * Verifies {@code id}, points {@code _CURRENT} at it and loads it.
   *
   * @throws ApiException 400 for a malformed id, 404 for an unknown one, 409 when it does not verify
   */
  public synchronized Outcome promote(String id) {
    if (!SnapshotIds.isValid(id)) {
      throw ApiException.badRequest("invalid snapshot id '" + abbreviate(id)
          + "': expected yyyyMMddTHHmmssSSSZ-xxxxxx");
    }
    if (!admin.list().stream().anyMatch(e -> e.id().equals(id))) {
      throw ApiException.notFound("snapshot " + id + " is not in the store");
    }
    try {
      admin.promote(id);
    } catch (StoreException e) {
      throw new ApiException(409, "conflict", "cannot promote " + id + ": " + e.getMessage());
    }
    return new Outcome(id, refresher.refresh());
  }

  /**
   * Points {@code _CURRENT} at the newest older snapshot that verifies, and loads it.
   *
   * @throws ApiException 409 when nothing older verifies
   */
  public synchronized Outcome rollback() {
    String id;
    try {
      id = admin.rollback();
    } catch (StoreException e) {
      throw new ApiException(409, "conflict", e.getMessage());
    }
    return new Outcome(id, refresher.refresh());
  }

  /**
   * Deletes all but the newest {@code keep} snapshots (never the current one) and old leftovers.
   *
   * @throws ApiException 400 when {@code keep} is below 1
   */
  public synchronized SnapshotAdmin.GcResult gc(int keep) {
    if (keep < 1) {
      throw ApiException.badRequest("keep must be >= 1, got " + keep);
    }
    return admin.gc(keep, minLeftoverAge);
  }

  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
