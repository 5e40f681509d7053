package io.affinity.store.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The column-level readers return exactly what the record path returns, over several parts. */
class ColumnarTablesTest {
  @TempDir Path tmp;

  @Test
  void vectors_read_column_wise_match_the_record_reader() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("vectors"));
    for (int part = 0; part < 2; part++) {
      try (var w = SnapshotTables.vectorWriter(dir.resolve("part-0000" + part + ".parquet"), "item_id")) {
        for (int i = 0; i < 3000; i++) {
          w.write(new VectorRow("i" + part + "-" + i, new float[] {i, -i, part, i * 0.5f}));
        }
        w.write(new VectorRow("empty" + part, new float[0]));
      }
    }
    List<VectorRow> columnar = new ArrayList<>();
    assertEquals(6002, SnapshotTables.forEachVector(dir, columnar::add));
    List<VectorRow> records = new ArrayList<>();
    ParquetTableReader.forEach(dir, g -> records.add(new VectorRow(g.getString(0, 0), SnapshotTables.floats(g, "vector"))));
    assertEquals(records.size(), columnar.size());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(records.get(i).id(), columnar.get(i).id());
      assertArrayEquals(records.get(i).vector(), columnar.get(i).vector(), "row " + i);
    }
    assertEquals(0, columnar.get(3000).vector().length, "an empty vector stays empty");
  }

  @Test
  void known_items_with_empty_lists_read_column_wise_match_the_record_reader() throws Exception {
    Path file = tmp.resolve("known.parquet");
    try (var w = SnapshotTables.knownItemsWriter(file)) {
      w.write(new KnownItemsRow("u1", List.of("a", "b")));
      w.write(new KnownItemsRow("u2", List.of()));
      w.write(new KnownItemsRow("u3", List.of("c")));
    }
    List<String> got = new ArrayList<>();
    SnapshotTables.forEachKnownItems(file, r -> got.add(r.userId() + "=" + r.itemIds()));
    assertEquals(List.of("u1=[a, b]", "u2=[]", "u3=[c]"), got);
  }

  @Test
  void another_schema_is_left_to_the_record_reader() {
    Path file = tmp.resolve("pop.parquet");
    try (var w = SnapshotTables.popularityWriter(file)) {
      w.write(new PopularityRow("a", 1, 1));
    }
    assertFalse(ColumnarTables.forEachVector(file, r -> { }));
  }

  @Test
  void the_float32_sidecar_holds_the_same_rows_as_the_parquet_copy() throws Exception {
    Path dir = tmp.resolve("als/items");
    try (VectorTableWriter w = new VectorTableWriter(dir, "item_id", 3)) {
      for (int i = 0; i < 500; i++) {
        w.write(new VectorRow("i" + i, new float[] {i, -0.5f * i, Float.MIN_VALUE}));
      }
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> w.write(new VectorRow("bad", new float[] {1})));
    }
    Path sidecar = tmp.resolve("als/items.f32");
    assertEquals(500L * 3 * 4, Files.size(sidecar));
    java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(Files.readAllBytes(sidecar))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    List<String> ids = new ArrayList<>();
    SnapshotTables.forEachId(dir, ids::add);
    int[] row = {0};
    SnapshotTables.forEachVector(dir, r -> {
      assertEquals(ids.get(row[0]), r.id());
      for (float v : r.vector()) {
        assertEquals(v, fb.get());
      }
      row[0]++;
    });
    assertEquals(500, row[0]);
  }
}
