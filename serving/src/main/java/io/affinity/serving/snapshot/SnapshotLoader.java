package io.affinity.serving.snapshot;

import io.affinity.serving.index.Indexes;
import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.parquet.ParquetTableReader;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.VectorTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link LoadedSnapshot} from a verified feature-store {@link Snapshot}: loads every
 * space's vectors, builds their indexes, and resolves known items and popularity to ordinals.
 */
public final class SnapshotLoader {
  private final Clock clock;

  /** Creates a loader stamping load times with {@code clock}. */
  public SnapshotLoader(Clock clock) {
    this.clock = clock;
  }

  /**
   * Loads {@code snapshot}.
   *
   * @throws CorruptSnapshotException when its data contradicts its manifest
   */
  public LoadedSnapshot load(Snapshot snapshot) {
    if (snapshot.manifest().spaces().isEmpty()) {
      throw new CorruptSnapshotException("snapshot " + snapshot.id() + " has no embedding space");
    }
    Map<String, List<String>> known = new HashMap<>();
    snapshot.forEachKnownItems(r -> known.put(r.userId(), r.itemIds()));
    List<String> popIds = new ArrayList<>();
    List<Long> popUsers = new ArrayList<>();
    snapshot.forEachPopularity(r -> {
      popIds.add(r.itemId());
      popUsers.add(r.users());
    });
    Map<String, LoadedSpace> spaces = new LinkedHashMap<>();
    for (SpaceInfo info : snapshot.manifest().spaces()) {
      spaces.put(info.name(), loadSpace(snapshot, info, known));
    }
    return new LoadedSnapshot(snapshot.manifest(), clock.instant(), Map.copyOf(spaces),
        snapshot.manifest().spaces().get(0).name(), popIds.toArray(String[]::new),
        popUsers.stream().mapToLong(Long::longValue).toArray(), titles(snapshot));
  }

  private static LoadedSpace loadSpace(Snapshot snapshot, SpaceInfo info, Map<String, List<String>> known) {
    VectorTable items = snapshot.vectors(info.name(), false);
    VectorTable users = info.userTable() == null ? null : snapshot.vectors(info.name(), true);
    int[][] knownByUser = new int[users == null ? 0 : users.size()][];
    for (int u = 0; u < knownByUser.length; u++) {
      List<String> ids = known.getOrDefault(users.id(u), List.of());
      int[] ords = ids.stream().mapToInt(items::ordinal).filter(o -> o >= 0).sorted().distinct().toArray();
      knownByUser[u] = ords;
    }
    return new LoadedSpace(info.name(), users, items,
        Indexes.exact(items.data(), items.dim()),
        Indexes.exact(Indexes.normalizedRows(items.data(), items.dim()), items.dim()),
        knownByUser);
  }

  private static Map<String, String> titles(Snapshot snapshot) {
    if (snapshot.manifest().table("catalog").isEmpty()) {
      return Map.of();
    }
    Map<String, String> titles = new HashMap<>();
    ParquetTableReader.forEach(snapshot.dir().resolve(snapshot.manifest().table("catalog").get().path()), g -> {
      if (g.getFieldRepetitionCount("title") > 0) {
        titles.put(g.getString("item_id", 0), g.getString("title", 0));
      }
    });
    return Map.copyOf(titles);
  }
}
