package io.affinity.serving.testing;

import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.log.CatalogItem;
import io.affinity.store.log.PartitionedWriter;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.Evaluation;
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
import java.util.List;
import java.util.Map;

/**
 * Publishes small hand-checkable snapshots with the real feature-store publisher.
 *
 * <p>Items (dim 2): a=(1,0) b=(0.9,0.1) c=(0,1) d=(-1,0) e=(0.5,0.5), "x/y" = (0.2,0.2).
 * Users: alice=(1,0) knows [a], bob=(0,2) knows [c, e].
 * Popularity: c(3) a(2) e(2) b(1) d(1) x/y(1).
 */
public final class TestStores {
  private TestStores() {}

  /** Publishes the fixture snapshot into {@code root} and returns its id. */
  public static String publishFixture(Path root) {
    return publish(root, 1.0f);
  }

  /** A server config for tests: loopback, any port, no request log, polling off (tests refresh explicitly). */
  public static io.affinity.serving.config.ServingConfig config(Path root) {
    return io.affinity.serving.config.ServingConfig.defaults(root, 0).withHost("127.0.0.1").withRequestLog(false)
        .withPollInterval(java.time.Duration.ofHours(1)).withSearch(1000, 20_000, io.affinity.serving.index.SearchBudget.DEFAULTS);
  }

  /** Waits (up to 20 s) until {@code app} serves snapshot {@code id}; fails otherwise. */
  public static void awaitServing(io.affinity.serving.ServingApp app, String id) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      var current = app.holder().current();
      if (current != null && current.id().equals(id)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("snapshot " + id + " not served within 20 s; last failure: " + app.holder().lastFailure());
  }

  /** Publishes the fixture with every item vector scaled by {@code scale}. */
  public static String publish(Path root, float scale) {
    return publish(root, scale, false);
  }

  /** Publishes the fixture, with JVector graph indexes over the items when {@code ann}. */
  public static String publish(Path root, float scale, boolean ann) {
    return publish(root, scale, ann, -1);
  }

  /**
   * Publishes the fixture as trained on the event log up to {@code eventLogOffset} (-1: none).
   * ALS parameters: alpha 1, regParam 0.1; event weights view 1, purchase 5. Confidences: alice a 2;
   * bob c 1, e 3.
   */
  public static String publish(Path root, float scale, boolean ann, long eventLogOffset) {
    return publish(root, scale, ann, eventLogOffset, null);
  }

  /** The fixture as trained with {@code --pseudonymize-users}: user ids replaced by {@code p}'s pseudonyms. */
  public static String publishPseudonymized(Path root, io.affinity.store.privacy.Pseudonymizer p) {
    return publish(root, 1.0f, false, -1, p);
  }

  private static String publish(Path root, float scale, boolean ann, long eventLogOffset,
      io.affinity.store.privacy.Pseudonymizer pseudonyms) {
    java.util.function.UnaryOperator<String> user = id -> pseudonyms == null ? id : pseudonyms.apply(id);
    SnapshotPublisher p = new SnapshotPublisher(new StoreLayout(root));
    StagedSnapshot s = p.stage();
    vectors(s, "als/items", "item_id", List.of(
        new VectorRow("a", new float[] {scale, 0}), new VectorRow("b", new float[] {0.9f * scale, 0.1f * scale}),
        new VectorRow("c", new float[] {0, scale}), new VectorRow("d", new float[] {-scale, 0}),
        new VectorRow("e", new float[] {0.5f * scale, 0.5f * scale}),
        new VectorRow("x/y", new float[] {0.2f * scale, 0.2f * scale})));
    vectors(s, "als/users", "user_id", List.of(
        new VectorRow(user.apply("alice"), new float[] {1, 0}), new VectorRow(user.apply("bob"), new float[] {0, 2})));
    // A second space, as the sequence model writes it: for alice it ranks c first where ALS ranks b.
    vectors(s, "sequence/items", "item_id", List.of(
        new VectorRow("a", new float[] {0, 0, 1}), new VectorRow("b", new float[] {0, 1, 0}),
        new VectorRow("c", new float[] {1, 0, 0}), new VectorRow("d", new float[] {0, 0, 0.5f}),
        new VectorRow("e", new float[] {0.5f, 0.5f, 0}), new VectorRow("x/y", new float[] {0, 0, 0.1f})));
    vectors(s, "sequence/users", "user_id", List.of(
        new VectorRow(user.apply("alice"), new float[] {1, 0, 0}), new VectorRow(user.apply("bob"), new float[] {0, 1, 0})));
    try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(dir(s, "popularity").resolve("part-00000.parquet"))) {
      w.write(new PopularityRow("c", 3, 3));
      w.write(new PopularityRow("a", 2, 2));
      w.write(new PopularityRow("e", 2, 2));
      w.write(new PopularityRow("b", 1, 1));
      w.write(new PopularityRow("d", 1, 1));
      w.write(new PopularityRow("x/y", 1, 1));
    }
    try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(dir(s, "known_items").resolve("part-00000.parquet"))) {
      w.write(new KnownItemsRow(user.apply("alice"), List.of("a")));
      w.write(new KnownItemsRow(user.apply("bob"), List.of("c", "e")));
    }
    try (ParquetTableWriter<VectorRow> w = SnapshotTables.vectorWriter(dir(s, "confidence").resolve("part-00000.parquet"),
        "user_id")) {
      w.write(new VectorRow(user.apply("alice"), new float[] {2}));
      w.write(new VectorRow(user.apply("bob"), new float[] {1, 3}));
    }
    try (PartitionedWriter<CatalogItem> w = PartitionedWriter.items(s.tableDir("catalog"))) {
      w.write(new CatalogItem("a", "Alpha", List.of("Drama"), null));
      w.write(new CatalogItem("b", "Bravo", List.of("drama", "Comedy"), null));
      w.write(new CatalogItem("c", "Charlie", List.of("Comedy"), null));
      w.write(new CatalogItem("d", "Delta", List.of(), null));
      w.write(new CatalogItem("e", "Echo", List.of("Drama"), null));
      w.write(new CatalogItem("x/y", "X-ray", List.of("Comedy"), "a slash in the id"));
    }
    List<IndexInfo> indexes = List.of();
    if (ann) {
      float[] items = {scale, 0, 0.9f * scale, 0.1f * scale, 0, scale, -scale, 0, 0.5f * scale, 0.5f * scale,
          0.2f * scale, 0.2f * scale};
      indexes = List.of(GraphWriter.write(s.dir(), "als/items.graph", "als", items, 2, GraphParams.DEFAULTS));
    }
    Manifest draft = new Manifest(Manifest.FORMAT_VERSION, "draft", "draft", new Producer("test", "0", "t"),
        List.of(), parameters(eventLogOffset, pseudonyms),
        List.of(new SpaceInfo("als", 2, "dot", "als/users", "als/items", 2, 6),
            new SpaceInfo("sequence", 3, "dot", "sequence/users", "sequence/items", 2, 6)),
        List.of(new TableInfo("als/users", "als/users", 2), new TableInfo("als/items", "als/items", 6),
            new TableInfo("sequence/users", "sequence/users", 2), new TableInfo("sequence/items", "sequence/items", 6),
            new TableInfo("popularity", "popularity", 6), new TableInfo("known_items", "known_items", 2),
            new TableInfo("confidence", "confidence", 2), new TableInfo("catalog", "catalog", 6)),
        indexes, new Evaluation(Map.of("split", "fixture"), Map.of("als", Map.of("ndcg@10", 0.5))), List.of());
    return p.publish(s, draft, true).snapshotId();
  }

  private static Map<String, Object> parameters(long eventLogOffset, io.affinity.store.privacy.Pseudonymizer pseudonyms) {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("rank", 2);
    p.put("alpha", 1.0);
    p.put("regParam", 0.1);
    p.put("eventWeights", Map.of("view", 1.0, "purchase", 5.0));
    if (eventLogOffset >= 0) {
      p.put("eventLogOffset", eventLogOffset);
    }
    if (pseudonyms != null) {
      p.put("pseudonymizedUsers", Map.of("scheme", "HMAC-SHA256/128", "keyCheck", pseudonyms.keyCheck()));
    }
    return p;
  }

  private static void vectors(StagedSnapshot s, String table, String idCol, List<VectorRow> rows) {
    try (VectorTableWriter w = new VectorTableWriter(s.tableDir(table), idCol, rows.get(0).vector().length)) {
      rows.forEach(w::write);
    }
  }

  private static Path dir(StagedSnapshot s, String table) {
    try {
      return Files.createDirectories(s.tableDir(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
