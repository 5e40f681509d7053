package io.affinity.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code affinity import csv|json|parquet SRC OUT}: a log with its own column names and event types
 * into the interaction-log layout, in Spark (local or on a cluster), so it scales with the log.
 *
 * <p>Writes {@code OUT/interactions} (Parquet, {@code user_id, item_id, event_type, weight, ts},
 * partitioned by UTC date as {@code date=YYYY-MM-DD}), {@code OUT/items} when a catalogue is
 * mapped, and {@code OUT/quarantine/rejected.tsv} ({@code file, line, reason, raw}; the MovieLens
 * importer's layout) when any line or row is rejected; rejected lines are counted by reason
 * ({@link RecordParser}; catalogue lines add {@code empty_item_id} and {@code duplicate_item_id}).
 * The mapping is checked against the sources before any data is read.
 */
public final class LogImporter {
  /** Rows per written file, about (the feature store's writers cut parts at 2M rows too). */
  static final long ROWS_PER_FILE = 2_000_000;

  private LogImporter() {}

  /**
   * Imports {@code source} into {@code out}.
   *
   * @param catalog the item file's mapping, or null
   * @throws IllegalArgumentException when a mapped column is missing, nothing matches
   *     {@code source}, or {@code out/interactions} already holds data
   */
  public static LogImportReport run(SparkSession spark, String source, String out, SourceFormat format,
      LogMapping mapping, CatalogMapping catalog) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String interactionsDir = out + "/interactions";
    String itemsDir = out + "/items";
    requireEmpty(conf, interactionsDir);
    if (catalog != null) {
      requireEmpty(conf, itemsDir);
    }
    SourceReader.Read log = SourceReader.read(spark, source, format, mapping.sourceColumns(), "log");
    SourceReader.Read items = catalog == null ? null
        : SourceReader.read(spark, catalog.source(), format, catalog.sourceColumns(), "item file");
    RecordParser parser = new RecordParser(mapping, log.epochMicros(), System.currentTimeMillis() * 1000L);
    Dataset<Row> parsed = log.records().map((MapFunction<Row, Row>) parser::parse,
        Encoders.row(RecordParser.PARSED)).cache();
    try {
      Map<String, Long> rejected = new TreeMap<>();
      long written = 0;
      for (Row r : parsed.groupBy("reason").count().collectAsList()) {
        if (r.isNullAt(0)) {
          written = r.getLong(1);
        } else {
          rejected.put(r.getString(0), r.getLong(1));
        }
      }
      Dataset<Row> valid = parsed.filter(col("reason").isNull())
          .select(col("user_id"), col("item_id"), col("event_type"), col("weight"),
              timestamp_micros(col("ts_us")).as("ts"))
          .withColumn("date", date_format(col("ts"), "yyyy-MM-dd"));
      long dates = valid.select("date").distinct().count();
      // About ROWS_PER_FILE rows per file: a day's rows are spread over that many hash buckets of the
      // user, so one busy day is written by several tasks and a quiet one is not cut into slivers.
      long buckets = Math.max(1, (long) Math.ceil(written / (Math.max(1, dates) * (double) ROWS_PER_FILE)));
      valid.repartition(col("date"), pmod(xxhash64(col("user_id")), lit(buckets))).write()
          .mode(SaveMode.ErrorIfExists).partitionBy("date").parquet(interactionsDir);
      Dataset<Row> quarantine = parsed.filter(col("reason").isNotNull())
          .select(col("file"), col("line"), col("reason"), col("raw"));
      long itemRows = 0;
      if (catalog != null) {
        Dataset<Row> c = catalog(items.records(), catalog).cache();
        for (Row r : c.groupBy("reason").count().collectAsList()) {
          if (r.isNullAt(0)) {
            itemRows = r.getLong(1);
          } else {
            rejected.merge(r.getString(0), r.getLong(1), Long::sum);
          }
        }
        c.filter(col("reason").isNull()).select("item_id", "title", "tags", "text").orderBy("item_id")
            .write().mode(SaveMode.ErrorIfExists).parquet(itemsDir);
        quarantine = quarantine.unionByName(c.filter(col("reason").isNotNull())
            .select(col("file"), col("line"), col("reason"), col("raw")));
      }
      String quarantineFile = out + "/quarantine/rejected.tsv";
      if (!rejected.isEmpty()) {
        writeTsv(spark, quarantine.orderBy("file", "line"), quarantineFile);
      }
      return new LogImportReport(format.kind(), written, dates, itemRows, rejected, quarantineFile);
    } finally {
      parsed.unpersist();
    }
  }

  /**
   * Catalogue rows: {@code item_id, title, tags, text, reason, file, line, raw}; lines without an
   * id are rejected as {@code empty_item_id}, later lines repeating an id as
   * {@code duplicate_item_id} (the first in file and line order is kept).
   */
  static Dataset<Row> catalog(Dataset<Row> records, CatalogMapping m) {
    List<String> keys = List.copyOf(m.columns().keySet());
    Dataset<Row> r = records.withColumn("item_id", trim(col("v").getItem(0)));
    r = r.withColumn("title", keys.contains("--title") ? col("v").getItem(keys.indexOf("--title"))
        : lit(null).cast("string"));
    String sep = Pattern.quote(m.tagsSeparator()) + "|" + SourceReader.LIST_SEPARATOR;
    r = r.withColumn("tags", keys.contains("--tags")
        ? org.apache.spark.sql.functions.filter(org.apache.spark.sql.functions.transform(
            split(col("v").getItem(keys.indexOf("--tags")), sep), t -> trim(t)), t -> t.notEqual(""))
        : lit(null).cast("array<string>"));
    r = r.withColumn("text", keys.contains("--text") ? col("v").getItem(keys.indexOf("--text"))
        : lit(null).cast("string"));
    r = r.withColumn("reason", when(col("problem").isNotNull(), col("problem"))
        .when(col("item_id").isNull().or(col("item_id").equalTo("")), "empty_item_id"));
    Dataset<Row> ok = r.filter(col("reason").isNull())
        .withColumn("_n", row_number().over(Window.partitionBy("item_id").orderBy("file", "line")))
        .withColumn("reason", when(col("_n").gt(1), "duplicate_item_id")).drop("_n");
    return ok.unionByName(r.filter(col("reason").isNotNull()))
        .select("item_id", "title", "tags", "text", "reason", "file", "line", "raw");
  }

  /** Writes rows as one tab-separated file with a header, the raw text's tabs and line ends as spaces. */
  private static void writeTsv(SparkSession spark, Dataset<Row> rows, String file) {
    String tmp = file + ".parts";
    rows.select(col("file"), col("line").cast("string"), col("reason"),
            org.apache.spark.sql.functions.regexp_replace(col("raw"), "[\\t\\r\\n]", " ").as("raw"))
        .coalesce(1).write().mode(SaveMode.Overwrite).option("sep", "\t").option("header", "true")
        .option("quote", "\u0000").option("escapeQuotes", "false").option("emptyValue", "").option("nullValue", "").csv(tmp);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path dir = new Path(tmp);
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.getPath().getName().startsWith("part-")) {
          fs.delete(new Path(file), false);
          if (!fs.rename(s.getPath(), new Path(file))) {
            throw new IOException("rename " + s.getPath() + " to " + file + " failed");
          }
        }
      }
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the quarantine file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void requireEmpty(Configuration conf, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p) && fs.listStatus(p).length > 0) {
        throw new IllegalArgumentException(dir + " already holds data: choose another output directory or remove it"
            + " first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
