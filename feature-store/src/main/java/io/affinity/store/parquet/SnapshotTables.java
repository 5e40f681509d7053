package io.affinity.store.parquet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Schemas, writers and readers of the snapshot's tables.
 *
 * <ul>
 *   <li>vector tables: {@code user_id | item_id: string, vector: array<float>}</li>
 *   <li>popularity: {@code item_id: string, users: bigint, weight: double}</li>
 *   <li>known items: {@code user_id: string, item_ids: array<string>}</li>
 * </ul>
 */
public final class SnapshotTables {
  private SnapshotTables() {}

  /** Schema of a vector table whose id column is {@code idColumn}. */
  public static MessageType vectorSchema(String idColumn) {
    return MessageTypeParser.parseMessageType("message spark_schema { required binary " + idColumn
        + " (STRING); optional group vector (LIST) { repeated group list { required float element; } } }");
  }

  /** Schema of the popularity table. */
  public static final MessageType POPULARITY = MessageTypeParser.parseMessageType(
      "message spark_schema { required binary item_id (STRING); required int64 users;"
          + " required double weight; }");

  /** Schema of the known-items table. */
  public static final MessageType KNOWN_ITEMS = MessageTypeParser.parseMessageType(
      "message spark_schema { required binary user_id (STRING); optional group item_ids (LIST) {"
          + " repeated group list { optional binary element (STRING); } } }");

  /** Opens a writer for a vector table file; {@code idColumn} is {@code user_id} or {@code item_id}. */
  public static ParquetTableWriter<VectorRow> vectorWriter(Path file, String idColumn) {
    return ParquetTableWriter.create(file, vectorSchema(idColumn), (row, out) -> {
      Fields.string(out, idColumn, 0, row.id());
      Fields.floatList(out, "vector", 1, row.vector());
    });
  }

  /** Opens a writer for a popularity table file. */
  public static ParquetTableWriter<PopularityRow> popularityWriter(Path file) {
    return ParquetTableWriter.create(file, POPULARITY, (row, out) -> {
      Fields.string(out, "item_id", 0, row.itemId());
      Fields.int64(out, "users", 1, row.users());
      Fields.float64(out, "weight", 2, row.weight());
    });
  }

  /** Opens a writer for a known-items table file. */
  public static ParquetTableWriter<KnownItemsRow> knownItemsWriter(Path file) {
    return ParquetTableWriter.create(file, KNOWN_ITEMS, (row, out) -> {
      Fields.string(out, "user_id", 0, row.userId());
      Fields.stringList(out, "item_ids", 1, row.itemIds());
    });
  }

  /** Visits every row of a vector table (file or directory); the id is the first column. */
  public static long forEachVector(Path table, Consumer<VectorRow> visitor) {
    long[] n = {0};
    if (ColumnarTables.forEachVector(table, counting(visitor, n))) {
      return n[0];
    }
    return ParquetTableReader.forEach(table, g -> visitor.accept(
        new VectorRow(g.getString(0, 0), floats(g, "vector"))));
  }

  /** Visits the ids (first column) of every row of a vector table, in order. */
  public static long forEachId(Path table, Consumer<String> visitor) {
    long[] n = {0};
    if (ColumnarTables.forEachId(table, counting(visitor, n))) {
      return n[0];
    }
    return ParquetTableReader.forEach(table, g -> visitor.accept(g.getString(0, 0)));
  }

  /** {@code visitor}, counting its calls in {@code n[0]}. */
  private static <T> Consumer<T> counting(Consumer<T> visitor, long[] n) {
    return row -> {
      n[0]++;
      visitor.accept(row);
    };
  }

  /** Visits every row of a popularity table. */
  public static long forEachPopularity(Path table, Consumer<PopularityRow> visitor) {
    return ParquetTableReader.forEach(table, g -> visitor.accept(new PopularityRow(
        g.getString("item_id", 0), g.getLong("users", 0), g.getDouble("weight", 0))));
  }

  /** Visits every row of a known-items table. */
  public static long forEachKnownItems(Path table, Consumer<KnownItemsRow> visitor) {
    long[] n = {0};
    if (ColumnarTables.forEachStringList(table, counting(visitor, n))) {
      return n[0];
    }
    return ParquetTableReader.forEach(table, g -> visitor.accept(
        new KnownItemsRow(g.getString("user_id", 0), strings(g, "item_ids"))));
  }

  /** Reads a 3-level {@code array<float>} field; an absent (null) list reads as empty. */
  public static float[] floats(Group g, String field) {
    if (g.getFieldRepetitionCount(field) == 0) {
      return new float[0];
    }
    Group list = g.getGroup(field, 0);
    int n = list.getType().containsField("list") ? list.getFieldRepetitionCount("list") : 0;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = list.getGroup("list", i).getFloat(0, 0);
    }
    return out;
  }

  /** Reads a 3-level {@code array<string>} field; null elements are skipped. */
  public static List<String> strings(Group g, String field) {
    if (g.getFieldRepetitionCount(field) == 0) {
      return List.of();
    }
    Group list = g.getGroup(field, 0);
    int n = list.getType().containsField("list") ? list.getFieldRepetitionCount("list") : 0;
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Group e = list.getGroup("list", i);
      if (e.getFieldRepetitionCount(0) > 0) {
        out.add(e.getString(0, 0));
      }
    }
    return out;
  }
}
