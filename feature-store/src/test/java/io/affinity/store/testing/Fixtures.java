package io.affinity.store.testing;

import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.Producer;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.parquet.VectorRow;
import io.affinity.store.publish.StagedSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a tiny, hand-checkable snapshot into a staging directory. */
public final class Fixtures {
  private Fixtures() {}

  /** Writes 2 users and 3 items of dimension 2 into {@code staged}; returns the draft manifest. */
  public static Manifest writeTiny(StagedSnapshot staged) {
    write(staged, "als/users", "user_id", List.of(
        new VectorRow("u1", new float[] {1, 0}), new VectorRow("u2", new float[] {0, 1})));
    write(staged, "als/items", "item_id", List.of(
        new VectorRow("a", new float[] {2, 0}), new VectorRow("b", new float[] {1, 1}),
        new VectorRow("c", new float[] {0, 3})));
    Path pop = dir(staged, StoreLayout.POPULARITY_TABLE);
    try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(pop.resolve("part-00000.parquet"))) {
      w.write(new PopularityRow("c", 2, 5.0));
      w.write(new PopularityRow("a", 1, 1.0));
      w.write(new PopularityRow("b", 1, 0.5));
    }
    Path known = dir(staged, StoreLayout.KNOWN_ITEMS_TABLE);
    try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(known.resolve("part-00000.parquet"))) {
      w.write(new KnownItemsRow("u1", List.of("a")));
      w.write(new KnownItemsRow("u2", List.of("c", "b")));
    }
    return new Manifest(Manifest.FORMAT_VERSION, "draft", "draft",
        new Producer("test", "0", "abc"), List.of(), Map.of("rank", 2),
        List.of(new SpaceInfo("als", 2, "dot", "als/users", "als/items", 2, 3)),
        List.of(new TableInfo("als/users", "als/users", 2), new TableInfo("als/items", "als/items", 3),
            new TableInfo("popularity", "popularity", 3), new TableInfo("known_items", "known_items", 2)),
        List.of(), null, List.of());
  }

  private static void write(StagedSnapshot staged, String table, String idCol, List<VectorRow> rows) {
    Path d = dir(staged, table);
    try (ParquetTableWriter<VectorRow> w = SnapshotTables.vectorWriter(d.resolve("part-00000.parquet"), idCol)) {
      rows.forEach(w::write);
    }
  }

  private static Path dir(StagedSnapshot staged, String table) {
    try {
      return Files.createDirectories(staged.tableDir(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
