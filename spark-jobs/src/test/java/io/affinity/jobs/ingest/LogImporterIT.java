package io.affinity.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.jobs.testing.LocalSpark;
import io.affinity.jobs.train.InteractionLoader;
import io.affinity.jobs.train.LoadedInteractions;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code affinity import csv|json|parquet} on real files in local Spark: every format and option,
 * bad lines counted by reason and quarantined with their file and line, a mapping that names a
 * missing column refused before any data is read, and the output read back by the train job's own
 * loader.
 */
class LogImporterIT {
  private static final LogMapping CLICKS = new LogMapping("customer", "sku", null, "action", "time",
      new TimestampFormat("iso"), Map.of("view", 1.0, "add_to_cart", 3.0, "purchase", 5.0), null);
  @TempDir Path tmp;

  @Test
  void csv_with_crlf_quoted_commas_gzip_and_bad_lines() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.csv"), String.join("\r\n",
        "customer,sku,action,time",
        "c1,\"sku,1\",view,2026-03-01T10:00:00Z",
        "c1,sku-2,purchase,2026-03-01 23:59:59",
        "c2,sku-2,add_to_cart,2026-03-02T00:00:01+01:00",
        "c3,sku-3,view,yesterday",
        ",sku-3,view,2026-03-02T00:00:00Z",
        "c4,\"sku-4,view,2026-03-02T00:00:00Z",
        "c5,sku-5",
        "") + "\r\n");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(src.resolve("b.csv.gz")))) {
      out.write(("customer,sku,action,time\nc6,sku-1,view,2026-03-03\n\nc6,sku-9,click,2026-03-03T08:00:00Z\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(src.resolve("_SUCCESS"), "");
    Path out = tmp.resolve("out");
    LogImportReport r = LogImporter.run(spark(), src.toString(), out.toString(), csv(), CLICKS, null);

    assertEquals(5, r.interactions(), r.toString());
    assertEquals(Map.of("bad_timestamp", 1L, "empty_user", 1L, "unbalanced_quotes", 1L,
        "expected_4_fields_got_2", 1L), r.rejected());
    assertEquals(2, r.dates(), "2026-03-01 (00:00:01+01:00 is still 03-01 in UTC) and 2026-03-03: " + r);
    assertFalse(Files.exists(out.resolve("interactions/date=2026-03-02")));
    assertTrue(Files.isDirectory(out.resolve("interactions/date=2026-03-01")));
    assertTrue(Files.isDirectory(out.resolve("interactions/date=2026-03-03")));
    Map<String, Row> rows = rows(out);
    assertEquals(5.0, rows.get("c1/sku-2").getDouble(3), "purchase weight from --event-weight");
    assertEquals(1.0, rows.get("c1/sku,1").getDouble(3), "quoted comma kept in the id");
    assertEquals(3.0, rows.get("c2/sku-2").getDouble(3));
    assertEquals(Instant.parse("2026-03-01T23:00:01Z"), rows.get("c2/sku-2").getTimestamp(4).toInstant(),
        "the offset applied");
    assertNull(rows.get("c6/sku-9").get(3), "an unmapped type keeps a null weight (the train job's default applies)");
    assertEquals("click", rows.get("c6/sku-9").getString(2));

    List<String> q = Files.readAllLines(out.resolve("quarantine/rejected.tsv"));
    assertEquals("file\tline\treason\traw", q.get(0));
    assertTrue(q.get(1).matches(".*/a\\.csv\t5\tbad_timestamp\tc3,sku-3,view,yesterday"), q.toString());
    assertTrue(q.get(2).matches(".*/a\\.csv\t6\tempty_user\t,sku-3.*"), q.toString());
    assertTrue(q.get(3).matches(".*/a\\.csv\t7\tunbalanced_quotes\t.*"), q.toString());
    assertTrue(q.get(4).matches(".*/a\\.csv\t8\texpected_4_fields_got_2\tc5,sku-5"), q.toString());

    LoadedInteractions loaded = InteractionLoader.load(spark(), out.resolve("interactions").toString(), Map.of(),
        tmp.resolve("q2").toString());
    assertEquals(5, loaded.valid().count(), "the train job reads the import as it is");
  }

  @Test
  void line_numbers_stay_exact_when_a_file_is_read_in_many_splits() throws Exception {
    Path src = tmp.resolve("big.csv");
    StringBuilder b = new StringBuilder("customer,sku,action,time\n");
    for (int n = 2; n <= 20_000; n++) {
      b.append(n % 1_000 == 0 ? "c" + n + ",sku,view,not-a-time" : "c" + n + ",sku-" + (n % 97) + ",view,"
          + "2026-03-01T00:00:00Z").append('\n');
    }
    Files.writeString(src, b);
    SparkSession spark = spark();
    String key = "mapreduce.input.fileinputformat.split.maxsize";
    spark.sparkContext().hadoopConfiguration().set(key, "16384");
    try {
      LogImportReport r = LogImporter.run(spark, src.toString(), tmp.resolve("out").toString(), csv(), CLICKS, null);
      assertEquals(Map.of("bad_timestamp", 20L), r.rejected());
      List<String> q = Files.readAllLines(tmp.resolve("out/quarantine/rejected.tsv"));
      for (int x = 1; x < q.size(); x++) {
        String[] f = q.get(x).split("\t");
        assertEquals("c" + f[1], f[3].split(",")[0], "line " + f[1] + " holds " + f[3]);
      }
    } finally {
      spark.sparkContext().hadoopConfiguration().unset(key);
    }
  }

  @Test
  void headerless_tab_separated_with_a_pattern_and_a_weight_column() throws Exception {
    Path src = tmp.resolve("log.tsv");
    Files.writeString(src, "u1\ti1\t2.5\t01/03/2026 10:15\nu2\ti2\t-1\t01/03/2026 10:15\nu3\ti3\tabc\t01/03/2026 10:15\n"
        + "u4\ti4\t1\t2026-03-01\n");
    LogMapping m = new LogMapping("_c0", "1", "_c2", null, "3", new TimestampFormat("dd/MM/yyyy HH:mm"), Map.of(), 2.0);
    LogImportReport r = LogImporter.run(spark(), src.toString(), tmp.resolve("out").toString(),
        new SourceFormat("csv", '\t', '"', false), m, null);
    assertEquals(1, r.interactions());
    assertEquals(Map.of("bad_weight", 2L, "bad_timestamp", 1L), r.rejected());
    Row row = rows(tmp.resolve("out")).get("u1/i1");
    assertEquals(2.5, row.getDouble(3));
    assertEquals(Instant.parse("2026-03-01T10:15:00Z"), row.getTimestamp(4).toInstant());
  }

  @Test
  void json_lines_with_nested_fields_and_a_catalogue_with_array_tags() throws Exception {
    Path src = tmp.resolve("events.jsonl");
    Files.writeString(src, String.join("\n",
        "{\"user\":{\"id\":17},\"item\":\"a\",\"type\":\"purchase\",\"at\":1772359200000}",
        "{\"user\":{\"id\":18},\"item\":\"b\",\"type\":\"view\",\"at\":1772359200000,\"extra\":[1,2]}",
        "{\"user\":{\"id\":19},\"item\":\"c\",\"type\":\"view\"",
        "[1,2,3]",
        "{\"user\":{\"id\":20},\"item\":\"d\",\"type\":\"view\"}") + "\n");
    Path items = tmp.resolve("items.jsonl");
    Files.writeString(items, String.join("\n",
        "{\"id\":\"a\",\"name\":\"Red shoe\",\"cats\":[\"shoes\",\"red\"],\"desc\":\"A red shoe\"}",
        "{\"id\":\"b\",\"name\":\"Blue hat\",\"cats\":[\"hats\"]}",
        "{\"id\":\"b\",\"name\":\"Blue hat again\"}",
        "{\"name\":\"no id\"}") + "\n");
    LogMapping m = new LogMapping("user.id", "item", null, "type", "at", new TimestampFormat("epoch-ms"),
        Map.of("purchase", 4.0), null);
    LogImportReport r = LogImporter.run(spark(), src.toString(), tmp.resolve("out").toString(), SourceFormat.json(),
        m, new CatalogMapping(items.toString(), "id", "name", "cats", "|", "desc"));
    assertEquals(2, r.interactions());
    assertEquals(2, r.items());
    assertEquals(Map.of("bad_json", 1L, "not_a_json_object", 1L, "missing_ts", 1L, "duplicate_item_id", 1L,
        "empty_item_id", 1L), r.rejected());
    assertEquals(4.0, rows(tmp.resolve("out")).get("17/a").getDouble(3));
    List<Row> cat = spark().read().parquet(tmp.resolve("out/items").toString()).orderBy("item_id").collectAsList();
    assertEquals("Red shoe", cat.get(0).getString(1));
    assertEquals(List.of("shoes", "red"), cat.get(0).getList(2));
    assertEquals("Blue hat", cat.get(1).getString(1), "the first line of a repeated id is kept");
  }

  @Test
  void parquet_with_its_own_names_and_a_timestamp_column() throws Exception {
    SparkSession spark = spark();
    List<Row> in = new ArrayList<>();
    in.add(org.apache.spark.sql.RowFactory.create(1L, "x", 3, Timestamp.from(Instant.parse("2026-01-05T12:00:00Z"))));
    in.add(org.apache.spark.sql.RowFactory.create(2L, null, 1, Timestamp.from(Instant.parse("2026-01-06T12:00:00Z"))));
    var schema = new org.apache.spark.sql.types.StructType().add("uid", "long").add("product", "string")
        .add("qty", "int").add("event_time", "timestamp");
    Path src = tmp.resolve("pq");
    spark.createDataFrame(in, schema).write().parquet(src.toString());
    LogMapping m = new LogMapping("uid", "product", "qty", null, "event_time", TimestampFormat.EPOCH_SECONDS, Map.of(),
        null);
    LogImportReport r = LogImporter.run(spark, src.toString(), tmp.resolve("out").toString(), SourceFormat.parquet(),
        m, null);
    assertEquals(1, r.interactions());
    assertEquals(Map.of("empty_item", 1L), r.rejected());
    Row row = rows(tmp.resolve("out")).get("1/x");
    assertEquals(3.0, row.getDouble(3));
    assertEquals(Instant.parse("2026-01-05T12:00:00Z"), row.getTimestamp(4).toInstant());
    String q = Files.readString(tmp.resolve("out/quarantine/rejected.tsv"));
    assertTrue(q.contains("empty_item") && q.contains("\"uid\":2"), q);
  }

  @Test
  void a_missing_column_fails_before_reading_naming_it_and_the_columns_found() throws Exception {
    Path csvFile = tmp.resolve("c.csv");
    Files.writeString(csvFile, "customer,product,action,time\nc1,p1,view,2026-03-01\n");
    var e = assertThrows(IllegalArgumentException.class, () -> LogImporter.run(spark(), csvFile.toString(),
        tmp.resolve("o1").toString(), csv(), CLICKS, null));
    assertTrue(e.getMessage().contains("no column 'sku'") && e.getMessage().contains("[customer, product, action, time]"),
        e.getMessage());
    Path jsonFile = tmp.resolve("j.jsonl");
    Files.writeString(jsonFile, "{\"customer\":\"c1\",\"time\":\"2026-03-01\"}\n");
    e = assertThrows(IllegalArgumentException.class, () -> LogImporter.run(spark(), jsonFile.toString(),
        tmp.resolve("o2").toString(), SourceFormat.json(), CLICKS, null));
    assertTrue(e.getMessage().contains("no column 'sku'") && e.getMessage().contains("[customer, time]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LogImporter.run(spark(), tmp.resolve("nothing*").toString(),
        tmp.resolve("o3").toString(), csv(), CLICKS, null));
    assertTrue(e.getMessage().contains("nothing*"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("o1/interactions")), "nothing written");
  }

  private static SourceFormat csv() {
    return new SourceFormat("csv", ',', '"', true);
  }

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  /** Interactions by "user/item": user_id, item_id, event_type, weight, ts. */
  private static Map<String, Row> rows(Path out) {
    Map<String, Row> m = new java.util.HashMap<>();
    for (Row r : spark().read().parquet(out.resolve("interactions").toString())
        .select("user_id", "item_id", "event_type", "weight", "ts").collectAsList()) {
      m.put(r.getString(0) + "/" + r.getString(1), r);
    }
    return m;
  }
}
