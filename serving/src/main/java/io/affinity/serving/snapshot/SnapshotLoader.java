package io.affinity.serving.snapshot;

import io.affinity.serving.index.AnnIndex;
import io.affinity.serving.index.FlatVectors;
import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.VectorIndex;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.VectorTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    Map<String, String> titles = new HashMap<>();
    Map<String, List<String>> itemsByTag = new HashMap<>();
    snapshot.forEachCatalogItem(item -> {
      if (item.title() != null) {
        titles.put(item.itemId(), item.title());
      }
      for (String tag : item.tags()) {
        itemsByTag.computeIfAbsent(tag.toLowerCase(Locale.ROOT), t -> new ArrayList<>()).add(item.itemId());
      }
    });
    Map<String, LoadedSpace> spaces = new LinkedHashMap<>();
    try {
      for (SpaceInfo info : snapshot.manifest().spaces()) {
        spaces.put(info.name(), loadSpace(snapshot, info, known, itemsByTag));
      }
    } catch (RuntimeException e) {
      spaces.values().forEach(LoadedSpace::close);
      throw e;
    }
    Map<String, LoadedSpace> loaded = Map.copyOf(spaces);
    return new LoadedSnapshot(snapshot.manifest(), clock.instant(), loaded,
        snapshot.manifest().spaces().get(0).name(), popIds.toArray(String[]::new),
        popUsers.stream().mapToLong(Long::longValue).toArray(), Map.copyOf(titles),
        new SnapshotRefs(() -> loaded.values().forEach(LoadedSpace::close)));
  }

  private LoadedSpace loadSpace(Snapshot snapshot, SpaceInfo info, Map<String, List<String>> known,
      Map<String, List<String>> tags) {
    VectorTable items = snapshot.vectors(info.name(), false);
    VectorTable users = info.userTable() == null ? null : snapshot.vectors(info.name(), true);
    int[][] knownByUser = new int[users == null ? 0 : users.size()][];
    for (int u = 0; u < knownByUser.length; u++) {
      List<String> ids = known.getOrDefault(users.id(u), List.of());
      int[] ords = ids.stream().mapToInt(items::ordinal).filter(o -> o >= 0).sorted().distinct().toArray();
      knownByUser[u] = ords;
    }
    Map<String, BitSet> byTag = new HashMap<>();
    tags.forEach((tag, ids) -> {
      BitSet rows = new BitSet(items.size());
      for (String id : ids) {
        int o = items.ordinal(id);
        if (o >= 0) {
          rows.set(o);
        }
      }
      byTag.put(tag, rows);
    });
    float[] unit = Indexes.normalizedRows(items.data(), items.dim());
    VectorIndex byDot = index(snapshot, info, IndexInfo.RECOMMEND, items.data(), items.dim());
    try {
      return new LoadedSpace(info.name(), users, items, byDot,
          index(snapshot, info, IndexInfo.SIMILAR, unit, items.dim()), knownByUser, Map.copyOf(byTag));
    } catch (RuntimeException e) {
      if (byDot instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing; the load error is what matters
        }
      }
      throw e;
    }
  }

  /** The ANN index for {@code purpose} when the snapshot has one and the space is large enough. */
  private VectorIndex index(Snapshot snapshot, SpaceInfo info, String purpose, float[] data, int dim) {
    FlatVectors exact = Indexes.exact(data, dim);
    Optional<IndexInfo> ann = snapshot.manifest().index(info.name(), purpose);
    if (ann.isEmpty() || data.length / dim < exactBelow) {
      return exact;
    }
    try {
      return new AnnIndex(snapshot.dir(), ann.get(), exact, efSearch);
    } catch (RuntimeException e) {
      throw new CorruptSnapshotException("snapshot " + snapshot.id() + ": " + e.getMessage(), e);
    }
  }
}
