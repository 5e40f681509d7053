package io.affinity.bench.serving;

import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.parquet.VectorRow;
import io.affinity.store.parquet.VectorTableWriter;
import io.affinity.store.publish.SnapshotPublisher;
import io.affinity.store.publish.StagedSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a benchmark snapshot with the feature store's own writers: item and user vectors (ids
 * {@code i<n>} and {@code u<n>}), popularity, 20 known items per user, and optionally the space's
 * neighbour graph (built here, timed by the caller); and copies of a store's snapshot with a graph
 * added, for stores trained with {@code --no-ann}.
 */
final class BenchStore {
  private BenchStore() {}

  /** Publishes and promotes a snapshot; returns its manifest. */
  static Manifest publish(Path store, float[] items, float[] users, int dim, GraphParams graph) {
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(store));
    StagedSnapshot s = p.stage();
    int ni = items.length / dim;
    int nu = users.length / dim;
    writeVectors(s, "als/items", "item_id", "i", items, dim);
    writeVectors(s, "als/users", "user_id", "u", users, dim);
    try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(part(s, "popularity"))) {
      for (int i = 0; i < Math.min(ni, 1000); i++) {
        w.write(new PopularityRow("i" + i, ni - i, ni - i));
      }
    }
    SplittableRandom r = new SplittableRandom(13);
    try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(part(s, "known_items"))) {
      for (int u = 0; u < nu; u++) {
        List<String> known = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
          known.add("i" + r.nextInt(ni));
        }
        w.write(new KnownItemsRow("u" + u, known));
      }
    }
    List<IndexInfo> indexes = graph == null ? List.of()
        : List.of(GraphWriter.write(s.dir(), "als/items.graph", "als", items, dim, graph));
    Manifest draft = new Manifest(Manifest.FORMAT_VERSION, "d", "d", new Producer("serving-bench", "0", "bench"),
        List.of(), Map.of(), List.of(new SpaceInfo("als", dim, "dot", "als/users", "als/items", nu, ni)),
        List.of(new TableInfo("als/users", "als/users", nu), new TableInfo("als/items", "als/items", ni),
            new TableInfo("popularity", "popularity", Math.min(ni, 1000)),
            new TableInfo("known_items", "known_items", nu)),
        indexes, null, List.of());
    return p.publish(s, draft, true);
  }

  /**
   * Publishes (without promoting) a new snapshot with the same content as {@code source}: its
   * files hard-linked into a new staging directory, verified and checksummed again on publish.
   */
  static Manifest copy(Path store, Manifest source) {
    return copy(store, source, null, false);
  }

  /**
   * The store's current snapshot with an {@code als} neighbour graph: itself when it has one, else
   * a copy with the graph built with {@code params} (printing the build time), promoted.
   */
  static Manifest withGraph(Path store, GraphParams params) {
    io.affinity.store.read.SnapshotStore ss = new io.affinity.store.read.SnapshotStore(store);
    Manifest current = ss.manifest(ss.current().orElseThrow(() -> new IllegalArgumentException(store
        + " has no current snapshot")));
    if (current.index("als", IndexInfo.GRAPH).isPresent()) {
      return current;
    }
    return copy(store, current, params, true);
  }

  private static Manifest copy(Path store, Manifest source, GraphParams graph, boolean promote) {
    StoreLayout layout = new StoreLayout(store);
    SnapshotPublisher p = new SnapshotPublisher(layout);
    StagedSnapshot s = p.stage();
    Path from = layout.snapshotDir(source.snapshotId());
    try (var files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path rel = from.relativize(f);
        if (rel.toString().equals(StoreLayout.MANIFEST)) {
          continue;
        }
        Files.createDirectories(s.dir().resolve(rel).getParent());
        Files.createLink(s.dir().resolve(rel), f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<IndexInfo> indexes = new ArrayList<>(source.indexes());
    if (graph != null) {
      io.affinity.store.read.VectorTable items = new io.affinity.store.read.SnapshotStore(store)
          .open(source.snapshotId()).vectors("als", false);
      long t0 = System.nanoTime();
      indexes.add(GraphWriter.write(s.dir(), "als/items.graph", "als", items.data(), items.dim(), graph));
      System.out.printf(java.util.Locale.ROOT, "  neighbour graph over %,d items (M %d, beam %d, %d threads) built in"
          + " %.1f s%n", items.size(), graph.maxDegree(), graph.beamWidth(), graph.threads(),
          (System.nanoTime() - t0) / 1e9);
    }
    Manifest draft = new Manifest(Manifest.FORMAT_VERSION, "d", "d", source.producer(), source.inputs(),
        source.parameters(), source.spaces(), source.tables(), indexes, source.evaluation(), List.of());
    return p.publish(s, draft, promote);
  }

  private static void writeVectors(StagedSnapshot s, String table, String col, String prefix, float[] data, int dim) {
    try (VectorTableWriter w = new VectorTableWriter(s.tableDir(table), col, dim)) {
      for (int i = 0; i < data.length / dim; i++) {
        w.write(new VectorRow(prefix + i, Arrays.copyOfRange(data, i * dim, (i + 1) * dim)));
      }
    }
  }

  private static Path part(StagedSnapshot s, String table) {
    try {
      return Files.createDirectories(s.tableDir(table)).resolve("part-00000.parquet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
