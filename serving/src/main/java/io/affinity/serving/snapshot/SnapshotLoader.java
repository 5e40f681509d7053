package io.affinity.serving.snapshot;

import io.affinity.serving.index.CosineGraphIndex;
import io.affinity.serving.index.FlatVectors;
import io.affinity.serving.index.Indexes;
import io.affinity.serving.index.KnnGraph;
import io.affinity.serving.index.MipsGraphIndex;
import io.affinity.serving.index.SearchBudget;
import io.affinity.serving.index.VectorIndex;
import io.affinity.store.ann.GraphFile;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.read.Snapshot;
import io.affinity.store.read.VectorTable;
import java.time.Clock;
import java.util.ArrayList;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotLoader.class);
  private final int exactBelow;
  private final SearchBudget budget;
  private final int maxK;

  /**
   * Creates a loader stamping load times with {@code clock}; spaces with at least
   * {@code exactBelow} items use the snapshot's neighbour graph (when it has one), searched within
   * {@code budget} for up to {@code maxK} results.
   */
  public SnapshotLoader(Clock clock, int exactBelow, SearchBudget budget, int maxK) {
    this.clock = clock;
    this.exactBelow = exactBelow;
    this.budget = budget;
    this.maxK = maxK;
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
    List<SpaceInfo> infos = snapshot.manifest().spaces();
    VectorTable[] items = new VectorTable[infos.size()];
    VectorTable[] users = new VectorTable[infos.size()];
    int[][][] known = new int[infos.size()][][];
    Map<String, float[]> confidence = new HashMap<>();
    boolean hasConfidence = snapshot.forEachConfidence(r -> confidence.put(r.id(), r.vector()));
    float[][][] weights = new float[infos.size()][][];
    for (int i = 0; i < infos.size(); i++) {
      items[i] = snapshot.vectors(infos.get(i).name(), false);
      users[i] = infos.get(i).userTable() == null ? null : snapshot.vectors(infos.get(i).name(), true);
      known[i] = new int[users[i] == null ? 0 : users[i].size()][];
      weights[i] = hasConfidence ? new float[known[i].length][] : null;
    }
    // One pass over known items, straight to each space's ordinals (no per-user string lists kept).
    snapshot.forEachKnownItems(r -> {
      for (int i = 0; i < infos.size(); i++) {
        int u = users[i] == null ? -1 : users[i].ordinal(r.userId());
        if (u >= 0) {
          float[] w = confidence.get(r.userId());
          if (weights[i] == null || w == null || w.length != r.itemIds().size()) {
            known[i][u] = ordinals(items[i], r.itemIds());
          } else {
            Weighted kw = weighted(items[i], r.itemIds(), w);
            known[i][u] = kw.ordinals();
            weights[i][u] = kw.weights();
          }
        }
      }
    });
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
      for (int i = 0; i < infos.size(); i++) {
        for (int u = 0; u < known[i].length; u++) {
          known[i][u] = known[i][u] == null ? new int[0] : known[i][u];
          if (weights[i] != null && weights[i][u] == null) {
            weights[i][u] = ones(known[i][u].length);
          }
        }
        spaces.put(infos.get(i).name(), loadSpace(snapshot, infos.get(i), items[i], users[i], known[i], weights[i],
            itemsByTag));
      }
    } catch (RuntimeException e) {
      spaces.values().forEach(LoadedSpace::close);
      throw e;
    }
    // Manifest order: error messages list spaces as the manifest does, and the first is the default.
    Map<String, LoadedSpace> loaded = java.util.Collections.unmodifiableMap(spaces);
    return new LoadedSnapshot(snapshot.manifest(), clock.instant(), loaded,
        defaultSpace(snapshot.manifest(), loaded), popIds.toArray(String[]::new),
        popUsers.stream().mapToLong(Long::longValue).toArray(), Map.copyOf(titles),
        new SnapshotRefs(() -> loaded.values().forEach(LoadedSpace::close)));
  }

  /**
   * The space a request without {@code space} gets: the one the train job chose and recorded
   * ({@code parameters.servedSpace.space}), else the manifest's first.
   */
  static String defaultSpace(io.affinity.store.manifest.Manifest m, Map<String, LoadedSpace> loaded) {
    if (m.parameters().get("servedSpace") instanceof Map<?, ?> served && served.get("space") instanceof String s
        && loaded.containsKey(s)) {
      return s;
    }
    return m.spaces().get(0).name();
  }

  /** The distinct ordinals of {@code ids} in {@code items}, ascending; unknown ids are skipped. */
  private static int[] ordinals(VectorTable items, List<String> ids) {
    int[] out = new int[ids.size()];
    int n = 0;
    for (String id : ids) {
      int o = items.ordinal(id);
      if (o >= 0) {
        out[n++] = o;
      }
    }
    java.util.Arrays.sort(out, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || out[distinct - 1] != out[i]) {
        out[distinct++] = out[i];
      }
    }
    return java.util.Arrays.copyOf(out, distinct);
  }

  private record Weighted(int[] ordinals, float[] weights) {}

  /** Like {@link #ordinals}, carrying each item's weight along (weights of repeated ids add up). */
  private static Weighted weighted(VectorTable items, List<String> ids, float[] w) {
    long[] packed = new long[ids.size()];
    int n = 0;
    for (int x = 0; x < ids.size(); x++) {
      int o = items.ordinal(ids.get(x));
      if (o >= 0) {
        packed[n++] = ((long) o << 32) | x;
      }
    }
    java.util.Arrays.sort(packed, 0, n);
    int[] ords = new int[n];
    float[] ws = new float[n];
    int distinct = 0;
    for (int x = 0; x < n; x++) {
      int o = (int) (packed[x] >>> 32);
      float v = w[(int) packed[x]];
      if (distinct > 0 && ords[distinct - 1] == o) {
        ws[distinct - 1] += v;
      } else {
        ords[distinct] = o;
        ws[distinct++] = v;
      }
    }
    return new Weighted(java.util.Arrays.copyOf(ords, distinct), java.util.Arrays.copyOf(ws, distinct));
  }

  private static float[] ones(int n) {
    float[] o = new float[n];
    java.util.Arrays.fill(o, 1f);
    return o;
  }

  private LoadedSpace loadSpace(Snapshot snapshot, SpaceInfo info, VectorTable items, VectorTable users,
      int[][] knownByUser, float[][] weightsByUser, Map<String, List<String>> tags) {
    Map<String, int[]> byTag = new HashMap<>();
    tags.forEach((tag, ids) -> byTag.put(tag, ordinals(items, ids)));
    FlatVectors raw = Indexes.exact(items.data(), items.dim());
    FlatVectors unit = Indexes.exact(Indexes.normalizedRows(items.data(), items.dim()), items.dim());
    KnnGraph graph = graph(snapshot, info, items.size());
    VectorIndex byDot = graph == null ? raw : new MipsGraphIndex(raw, graph, budget, maxK);
    VectorIndex byCosine = graph == null ? unit : new CosineGraphIndex(unit, graph, budget, maxK);
    return new LoadedSpace(info.name(), users, items, byDot, byCosine, knownByUser, weightsByUser, Map.copyOf(byTag));
  }

  /** The space's neighbour graph when the snapshot has one and the space is large enough, else null. */
  private KnnGraph graph(Snapshot snapshot, SpaceInfo info, int items) {
    if (items < exactBelow) {
      return null;
    }
    Optional<IndexInfo> entry = snapshot.manifest().index(info.name(), IndexInfo.GRAPH);
    if (entry.isEmpty()) {
      if (snapshot.manifest().index(info.name(), IndexInfo.RECOMMEND).isPresent()) {
        LOG.warn("snapshot {} has ANN indexes of an older format (jvector-graph) for space '{}': it is searched"
            + " exactly; retrain to build its neighbour graph", snapshot.id(), info.name());
      }
      return null;
    }
    IndexInfo graph = entry.get();
    if (graph.nodes() != items || graph.parts().size() != 1) {
      throw new CorruptSnapshotException("snapshot " + snapshot.id() + ": graph of space '" + info.name() + "' has "
          + graph.nodes() + " nodes in " + graph.parts().size() + " parts, the space has " + items + " items");
    }
    return KnnGraph.of(GraphFile.read(snapshot.dir().resolve(graph.parts().get(0).path()), items));
  }
}
