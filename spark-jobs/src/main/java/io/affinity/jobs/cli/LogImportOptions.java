package io.affinity.jobs.cli;

import io.affinity.jobs.ingest.CatalogMapping;
import io.affinity.jobs.ingest.LogImportReport;
import io.affinity.jobs.ingest.LogImporter;
import io.affinity.jobs.ingest.LogMapping;
import io.affinity.jobs.ingest.SourceFormat;
import io.affinity.jobs.ingest.TimestampFormat;
import io.affinity.jobs.util.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every {@code import csv|json|parquet} shares: paths, the column mapping, the catalogue. */
final class LogImportOptions {
  @Parameters(index = "0", paramLabel = "SRC", description = "the log: a file, a directory or a glob (.gz read as is)")
  String src;

  @Parameters(index = "1", paramLabel = "OUT", description = "the output directory (OUT/interactions, OUT/items)")
  String out;

  @Option(names = "--user", required = true, paramLabel = "COL", description = "the user id column")
  String user;

  @Option(names = "--item", required = true, paramLabel = "COL", description = "the item id column")
  String item;

  @Option(names = "--weight", paramLabel = "COL", description = "the weight column (a number >= 0)")
  String weight;

  @Option(names = "--event-type", paramLabel = "COL", description = "the event type column")
  String eventType;

  @Option(names = "--ts", paramLabel = "COL", description = "the event time column; without it every event gets"
      + " the import's start time")
  String ts;

  @Option(names = "--ts-format", paramLabel = "FORMAT", defaultValue = "epoch-s", description = "epoch-s, epoch-ms,"
      + " epoch-us, iso or a java.time pattern such as 'dd/MM/yyyy HH:mm:ss' (UTC unless it has a zone);"
      + " default: ${DEFAULT-VALUE}")
  String tsFormat;

  @Option(names = "--event-weight", paramLabel = "TYPE=W", description = "the weight written for events of TYPE"
      + " that have no weight value (repeatable)")
  Map<String, Double> eventWeights = new LinkedHashMap<>();

  @Option(names = "--default-weight", paramLabel = "W", description = "the weight of other events without a"
      + " weight value (default: none, the train job's defaults per event type apply)")
  Double defaultWeight;

  @Option(names = "--items", paramLabel = "FILE", description = "an item file (same format): the catalogue")
  String items;

  @Option(names = "--item-id", paramLabel = "COL", description = "the item file's id column")
  String itemId;

  @Option(names = "--title", paramLabel = "COL", description = "the item file's title column")
  String title;

  @Option(names = "--tags", paramLabel = "COL", description = "the item file's tags column")
  String tags;

  @Option(names = "--tags-separator", paramLabel = "S", defaultValue = "|",
      description = "what separates tags in a text tags column (default: ${DEFAULT-VALUE})")
  String tagsSeparator;

  @Option(names = "--text", paramLabel = "COL", description = "the item file's free-text column")
  String text;

  @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
  String master;

  /** Runs the import in a fresh Spark session and prints what it wrote. */
  int run(SourceFormat format) {
    LogMapping mapping = new LogMapping(user, item, weight, eventType, ts, new TimestampFormat(tsFormat),
        eventWeights, defaultWeight);
    CatalogMapping catalog = items == null ? null
        : new CatalogMapping(items, itemId, title, tags, tagsSeparator, text);
    if (items == null && (itemId != null || title != null || tags != null || text != null)) {
      throw new IllegalArgumentException("--item-id, --title, --tags and --text describe the item file: add --items"
          + " FILE");
    }
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create("affinity-import", master);
    try {
      LogImportReport r = LogImporter.run(spark, src, out, format, mapping, catalog);
      System.out.printf("imported %s log from %s in %.1fs%n", r.format(), src, (System.nanoTime() - t0) / 1e9);
      System.out.printf("  %,d interactions in %,d date partitions -> %s/interactions%n", r.interactions(), r.dates(),
          out);
      if (catalog != null) {
        System.out.printf("  %,d items        -> %s/items%n", r.items(), out);
      }
      if (r.rejectedTotal() > 0) {
        System.out.printf("  %,d malformed lines rejected %s -> %s%n", r.rejectedTotal(), r.rejected(), r.quarantine());
      } else {
        System.out.println("  no malformed lines");
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
