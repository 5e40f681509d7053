package io.affinity.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log edge cases on real Spark: nulls, duplicates, pre-1970 and far-future timestamps, huge
 * ids, a bad weight, and one file whose producer wrote {@code user_id} as a number (schema drift).
 * Every bad row is counted under its reason and quarantined with it; the good rows are kept.
 */
class BadLogsIT {
  @TempDir Path tmp;

  private static final StructType GOOD = new StructType().add("user_id", DataTypes.StringType)
      .add("item_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
      .add("weight", DataTypes.DoubleType).add("ts", DataTypes.TimestampType);
  private static final StructType DRIFTED = new StructType().add("user_id", DataTypes.LongType)
      .add("item_id", DataTypes.StringType).add("ts", DataTypes.TimestampType);

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void every_kind_of_bad_row_is_counted_and_quarantined_with_its_reason() {
    SparkSession spark = LocalSpark.get();
    Path logs = tmp.resolve("logs");
    Timestamp ok = at("2026-06-01T12:00:00Z");
    List<Row> rows = List.of(
        RowFactory.create("u1", "i1", "view", 1.0, ok),
        RowFactory.create("u1", "i2", "view", 1.0, ok),
        RowFactory.create("u2", "i1", "buy", null, ok),
        RowFactory.create("u2", "i1", "buy", null, ok),                                   // duplicate
        RowFactory.create(null, "i1", "view", 1.0, ok),                                   // null_user_id
        RowFactory.create("u3", " ", "view", 1.0, ok),                                    // null_item_id
        RowFactory.create("u3", "i3", "view", 1.0, null),                                 // null_ts
        RowFactory.create("u3", "i3", "view", 1.0, at("1969-12-31T23:59:59Z")),          // ts_before_1970
        RowFactory.create("u3", "i3", "view", 1.0, at("2999-01-01T00:00:00Z")),          // ts_in_future
        RowFactory.create("u".repeat(10_000), "i3", "view", 1.0, ok),                     // id_too_long
        RowFactory.create("u3", "i3", "view", Double.NaN, ok));                           // bad_weight
    spark.createDataFrame(rows, GOOD).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(logs.resolve("date=2026-06-01").toString());
    spark.createDataFrame(List.of(RowFactory.create(42L, "i9", ok), RowFactory.create(43L, "i9", ok)), DRIFTED)
        .coalesce(1).write().parquet(logs.resolve("date=2026-06-02").toString());

    String quarantine = tmp.resolve("quarantine").toString();
    LoadedInteractions loaded = InteractionLoader.load(spark, logs.toString(), Map.of("view", 1.0, "buy", 3.0),
        quarantine);
    assertEquals(13, loaded.rowsRead());
    assertEquals(3, loaded.rowsKept());
    assertEquals(Map.of("duplicate", 1L, "null_user_id", 1L, "null_item_id", 1L, "null_ts", 1L,
        "ts_before_1970", 1L, "ts_in_future", 1L, "id_too_long", 1L, "bad_weight", 1L, "schema_mismatch", 2L),
        loaded.dropped());

    List<Row> q = spark.read().parquet(quarantine).select("reason", "detail", "user_id").collectAsList();
    assertEquals(10, q.size(), "every dropped row is in the quarantine");
    for (Row r : q) {
      if (r.getString(0).equals("schema_mismatch")) {
        assertTrue(r.getString(1).contains("date=2026-06-02") && r.getString(1).contains("user_id"), r.getString(1));
        assertTrue(List.of("42", "43").contains(r.getString(2)), "the drifted id is kept as text: " + r.getString(2));
      }
    }
  }

  @Test
  void a_log_whose_every_file_has_the_wrong_schema_fails_naming_the_column() {
    SparkSession spark = LocalSpark.get();
    Path logs = tmp.resolve("only-drift");
    spark.createDataFrame(List.of(RowFactory.create(42L, "i9", at("2026-06-01T00:00:00Z"))), DRIFTED)
        .write().parquet(logs.toString());
    var e = assertThrows(IllegalArgumentException.class, () -> InteractionLoader.load(spark, logs.toString(),
        Map.of(), tmp.resolve("q").toString()));
    assertTrue(e.getMessage().contains("'user_id'") && e.getMessage().contains("bigint"), e.getMessage());
  }
}
