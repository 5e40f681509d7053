package io.affinity.serving.snapshot;

import io.affinity.serving.index.AnnIndex;
import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.VectorIndex;
import io.affinity.store.manifest.IndexInfo;
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
import java.util.Optional;

/**
 * Builds a {@link LoadedSnapshot} from a verified feature-store {@link Snapshot}: loads every
 * space's vectors, builds their indexes, and resolves known items and popularity to ordinals.
 */
public final class SnapshotLoader {
  private final Clock clock;
  private final int exactBelow;
  private final int efSearch;

  /**
   * Creates a loader stamping load times with {@code clock}; spaces with at least
   * {@code exactBelow} items use the snapshot's ANN indexes (when it has them).
   */
  public SnapshotLoader(Clock clock, int exactBelow, int efSearch) {
    this.clock = clock;
    this.exactBelow = exactBelow;
    this.efSearch = efSearch;
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

  private LoadedSpace loadSpace(Snapshot snapshot, SpaceInfo info, Map<String, List<String>> known) {
    VectorTable items = snapshot.vectors(info.name(), false);
    VectorTable users = info.userTable() == null ? null : snapshot.vectors(info.name(), true);
    int[][] knownByUser = new int[users == null ? 0 : users.size()][];
    for (int u = 0; u < knownByUser.length; u++) {
      List<String> ids = known.getOrDefault(users.id(u), List.of());
      int[] ords = ids.stream().mapToInt(items::ordinal).filter(o -> o >= 0).sorted().distinct().toArray();
      knownByUser[u] = ords;
    }
    float[] unit = Indexes.normalizedRows(items.data(), items.dim());
    return new LoadedSpace(info.name(), users, items,
        index(snapshot, info, IndexInfo.RECOMMEND, items.data(), items.dim()),
        index(snapshot, info, IndexInfo.SIMILAR, unit, items.dim()),
        knownByUser);
  }

  /** The ANN index for {@code purpose} when the snapshot has one and the space is large enough. */
  private VectorIndex index(Snapshot snapshot, SpaceInfo info, String purpose, float[] data, int dim) {
    Optional<IndexInfo> ann = snapshot.manifest().index(info.name(), purpose);
    if (ann.isEmpty() || data.length / dim < exactBelow) {
      return Indexes.exact(data, dim);
    }
    try {
      return new AnnIndex(snapshot.dir().resolve(ann.get().path()), data, dim,
          IndexInfo.RECOMMEND.equals(purpose), efSearch);
    } catch (RuntimeException e) {
      throw new CorruptSnapshotException("snapshot " + snapshot.id() + ": " + e.getMessage(), e);
    }
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
