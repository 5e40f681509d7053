package io.affinity.store.layout;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The directory layout of a store.
 *
 * <pre>
 * STORE/
 *   _CURRENT                  one line: the id of the snapshot to serve
 *   snapshots/ID/             one immutable snapshot
 *     _MANIFEST.json
 *     als/users/part-*.parquet, als/items/..., popularity/..., known_items/...
 *   _staging/ID/              a snapshot being written; never read by readers
 * </pre>
 *
 * <p>Ids are validated by {@link SnapshotIds#requireValid} before they become paths, so no
 * caller-supplied string can reach outside the store.
 *
 * @param root the store's root directory
 */
public record StoreLayout(Path root) {
  /** Name of the pointer file. */
  public static final String CURRENT = "_CURRENT";
  /** Name of the manifest inside a snapshot. */
  public static final String MANIFEST = "_MANIFEST.json";
  /** Table holding each item's interaction counts. */
  public static final String POPULARITY_TABLE = "popularity";
  /** Table holding each user's known items. */
  public static final String KNOWN_ITEMS_TABLE = "known_items";
  /**
   * Table holding each user's confidence per known item (the summed event weights ALS was fit on),
   * aligned with the known-items table: same users in the same order, the values in the order of
   * that row's item ids. Real-time fold-in starts from it. Snapshots before it was added lack it.
   */
  public static final String CONFIDENCE_TABLE = "confidence";

  /** Normalises the root to an absolute path. */
  public StoreLayout {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The {@code _CURRENT} pointer file. */
  public Path currentFile() {
    return root.resolve(CURRENT);
  }

  /** The directory holding published snapshots. */
  public Path snapshotsDir() {
    return root.resolve("snapshots");
  }

  /** The directory holding snapshots being written. */
  public Path stagingDir() {
    return root.resolve("_staging");
  }

  /** A published snapshot's directory; the id is validated first. */
  public Path snapshotDir(String id) {
    return snapshotsDir().resolve(SnapshotIds.requireValid(id));
  }

  /** A staging directory for the given id; the id is validated first. */
  public Path stagingDir(String id) {
    return stagingDir().resolve(SnapshotIds.requireValid(id));
  }

  /** The conventional table name for a space's user or item vectors, e.g. {@code als/users}. */
  public static String vectorTable(String space, boolean users) {
    return space + (users ? "/users" : "/items");
  }
}
