package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * Reads and validates an interaction log.
 *
 * <p>Schema: {@code user_id} and {@code item_id} strings and {@code ts} timestamp are required;
 * {@code event_type} (string) and {@code weight} (any numeric type) are optional; other columns
 * (e.g. partition columns) are ignored. A missing or mistyped column fails with an error naming it.
 *
 * <p>Each row is checked in this order and dropped with the first reason that applies:
 * {@code null_user_id} (null or blank), {@code null_item_id}, {@code id_too_long} (a user or item
 * id over {@link #MAX_ID_LENGTH} characters), {@code null_ts}, {@code ts_before_1970},
 * {@code ts_in_future} (more than {@link #FUTURE_SLACK} after the window's end, or after now),
 * {@code bad_weight} (NaN, infinite or negative), {@code duplicate} (an exact copy of an earlier
 * row). Files whose schema does not match ({@link SchemaDrift}) have all their rows dropped as
 * {@code schema_mismatch}. Dropped rows are written with their reason (and for drift the file and
 * column in {@code detail}) to a quarantine Parquet directory.
 */
public final class InteractionLoader {
  /** Ids longer than this are dropped ({@code id_too_long}); the server's default {@code --max-id-length}. */
  public static final int MAX_ID_LENGTH = 256;
  /** Events later than the window's end (or now) by more than this are dropped ({@code ts_in_future}). */
  public static final java.time.Duration FUTURE_SLACK = java.time.Duration.ofDays(1);

  private InteractionLoader() {}

  /**
   * Loads {@code path}.
   *
   * @param eventWeights default weight per event type where {@code weight} is null
   * @param quarantineDir where to write dropped rows (only written when there are some)
   * @throws IllegalArgumentException naming the path and the missing or mistyped column
   */
  public static LoadedInteractions load(SparkSession spark, String path,
      Map<String, Double> eventWeights, String quarantineDir) {
    return load(spark, path, eventWeights, quarantineDir, DataWindow.ALL);
  }

  /**
   * Loads the events of {@code window} from {@code path}. A date-partitioned log
   * ({@code date=YYYY-MM-DD/}) is pruned to the partitions the window touches before any file is
   * read; rows are then kept when {@code ts} is in the window (rows without a {@code ts} are kept
   * too, so they are counted and quarantined as {@code null_ts}).
   */
  public static LoadedInteractions load(SparkSession spark, String path,
      Map<String, Double> eventWeights, String quarantineDir, DataWindow window) {
    return load(spark, path, eventWeights, quarantineDir, window, null);
  }

  /**
   * Like {@link #load(SparkSession, String, Map, String, DataWindow)}, replacing every user id by
   * its pseudonym first when {@code pseudonyms} is not null, so that neither the snapshot nor the
   * quarantine holds a raw user id.
   */
  public static LoadedInteractions load(SparkSession spark, String path, Map<String, Double> eventWeights,
      String quarantineDir, DataWindow window, io.affinity.store.privacy.Pseudonymizer pseudonyms) {
    SchemaDrift.Split drift = SchemaDrift.split(spark, path);
    boolean drifted = !drift.bad().isEmpty() && !drift.good().isEmpty();
    Dataset<Row> raw = drifted ? InputPaths.readParquetFiles(spark, path, drift.good(), "interactions")
        : InputPaths.readParquet(spark, path, "interactions");
    validateSchema(raw.schema(), path);
    raw = restrict(raw, window);
    if (pseudonyms != null) {
      raw = raw.withColumn("user_id", userIds(col("user_id"), pseudonyms));
    }
    boolean hasType = Arrays.asList(raw.columns()).contains("event_type");
    boolean hasWeight = Arrays.asList(raw.columns()).contains("weight");
    Column eventType = hasType ? col("event_type") : lit(null).cast(DataTypes.StringType);
    Column weight = hasWeight ? col("weight").cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType);
    Dataset<Row> base = raw.select(col("user_id"), col("item_id"), eventType.as("event_type"),
        weight.as("weight"), col("ts").cast(DataTypes.TimestampType).as("ts"));

    java.time.Instant latest = (window.until() != null ? window.until() : java.time.Instant.now())
        .plus(FUTURE_SLACK);
    Column reason = when(col("user_id").isNull().or(trim(col("user_id")).equalTo("")), lit("null_user_id"))
        .when(col("item_id").isNull().or(trim(col("item_id")).equalTo("")), lit("null_item_id"))
        .when(functions.length(col("user_id")).gt(MAX_ID_LENGTH)
            .or(functions.length(col("item_id")).gt(MAX_ID_LENGTH)), lit("id_too_long"))
        .when(col("ts").isNull(), lit("null_ts"))
        .when(col("ts").lt(lit(java.sql.Timestamp.from(java.time.Instant.EPOCH))), lit("ts_before_1970"))
        .when(col("ts").gt(lit(java.sql.Timestamp.from(latest))), lit("ts_in_future"))
        .when(col("weight").isNotNull().and(isnan(col("weight"))
            .or(col("weight").lt(0)).or(col("weight").equalTo(Double.POSITIVE_INFINITY))), lit("bad_weight"));
    Column[] all = {col("user_id"), col("item_id"), col("event_type"), col("weight"), col("ts")};
    Dataset<Row> classified = base.withColumn("reason", reason)
        .withColumn("_copy", row_number().over(Window.partitionBy(all).orderBy(lit(1))))
        .withColumn("reason", when(col("reason").isNull().and(col("_copy").gt(1)), lit("duplicate"))
            .otherwise(col("reason")))
        .drop("_copy")
        .withColumn("detail", lit(null).cast(DataTypes.StringType));
    if (drifted) {
      classified = classified.unionByName(SchemaDrift.quarantined(spark, drift.bad()));
    }
    classified = classified.cache();

    Map<String, Long> dropped = new TreeMap<>();
    long read = 0;
    for (Row r : classified.groupBy("reason").count().collectAsList()) {
      read += r.getLong(1);
      if (!r.isNullAt(0)) {
        dropped.put(r.getString(0), r.getLong(1));
      }
    }
    String quarantinePath = null;
    if (!dropped.isEmpty()) {
      classified.filter(col("reason").isNotNull()).coalesce(1)
          .write().mode(SaveMode.ErrorIfExists).parquet(quarantineDir);
      quarantinePath = quarantineDir;
    }
    Dataset<Row> valid = classified.filter(col("reason").isNull())
        .select(col("user_id"), col("item_id"),
            coalesce(col("weight"), element_at(weightMap(eventWeights), col("event_type")),
                lit(TrainConfig.FALLBACK_WEIGHT)).as("weight"),
            col("ts"));
    long covered = io.affinity.store.events.EventRoller.coveredOffset(Arrays.asList(raw.inputFiles()));
    return new LoadedInteractions(valid, read, dropped, quarantinePath, covered, classified);
  }

  /** The user-id column, pseudonymised when {@code pseudonyms} is not null (blank ids stay as they are). */
  static Column userIds(Column userId, io.affinity.store.privacy.Pseudonymizer pseudonyms) {
    if (pseudonyms == null) {
      return userId;
    }
    org.apache.spark.sql.expressions.UserDefinedFunction f = functions.udf(
        (org.apache.spark.sql.api.java.UDF1<String, String>) id -> id == null || id.isBlank() ? id : pseudonyms.apply(id),
        DataTypes.StringType);
    return f.apply(userId);
  }

  private static Dataset<Row> restrict(Dataset<Row> raw, DataWindow window) {
    if (window.isAll()) {
      return raw;
    }
    boolean partitioned = Arrays.asList(raw.columns()).contains("date");
    Column keep = col("ts").isNull();
    Column inside = lit(true);
    if (window.since() != null) {
      inside = inside.and(col("ts").cast(DataTypes.TimestampType).geq(lit(java.sql.Timestamp.from(window.since()))));
      if (partitioned) {
        raw = raw.filter(col("date").geq(lit(java.sql.Date.valueOf(
            window.since().atZone(java.time.ZoneOffset.UTC).toLocalDate()))));
      }
    }
    if (window.until() != null) {
      inside = inside.and(col("ts").cast(DataTypes.TimestampType).lt(lit(java.sql.Timestamp.from(window.until()))));
      if (partitioned) {
        raw = raw.filter(col("date").leq(lit(java.sql.Date.valueOf(
            window.until().minusNanos(1000).atZone(java.time.ZoneOffset.UTC).toLocalDate()))));
      }
    }
    return raw.filter(keep.or(inside));
  }

  private static Column weightMap(Map<String, Double> weights) {
    List<Column> kv = new ArrayList<>();
    new TreeMap<>(weights).forEach((k, v) -> {
      kv.add(lit(k));
      kv.add(lit(v));
    });
    return functions.map(kv.toArray(Column[]::new));
  }

  /** Checks required and optional columns and their types. */
  static void validateSchema(StructType schema, String path) {
    Map<String, DataType> cols = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      cols.put(f.name(), f.dataType());
    }
    require(cols, "user_id", path, t -> t.equals(DataTypes.StringType), "string");
    require(cols, "item_id", path, t -> t.equals(DataTypes.StringType), "string");
    require(cols, "ts", path, t -> t.equals(DataTypes.TimestampType) || t instanceof TimestampNTZType,
        "timestamp");
    optional(cols, "event_type", path, t -> t.equals(DataTypes.StringType), "string");
    optional(cols, "weight", path, t -> t instanceof NumericType, "double (or another numeric type)");
  }

  private static void require(Map<String, DataType> cols, String name, String path,
      java.util.function.Predicate<DataType> ok, String expected) {
    if (!cols.containsKey(name)) {
      throw new IllegalArgumentException("interactions at " + path + ": missing required column '"
          + name + "' (" + expected + "); found columns " + cols.keySet());
    }
    optional(cols, name, path, ok, expected);
  }

  private static void optional(Map<String, DataType> cols, String name, String path,
      java.util.function.Predicate<DataType> ok, String expected) {
    DataType t = cols.get(name);
    if (t != null && !ok.test(t)) {
      throw new IllegalArgumentException("interactions at " + path + ": column '" + name
          + "' has type " + t.simpleString() + ", expected " + expected);
    }
  }
}
