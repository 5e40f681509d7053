package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.affinity.store.layout.StoreLayout;
import io.affinity.store.log.CatalogItem;
import io.affinity.store.log.PartitionedWriter;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.parquet.VectorRow;
import io.affinity.store.parquet.VectorTableWriter;
import io.affinity.store.publish.StagedSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Streams the job's results from Spark to the driver ({@code toLocalIterator}, one partition at a
 * time) and writes them with the feature store's own Parquet writer, in id order. One writer for
 * every producer keeps snapshot files byte-identical for identical inputs.
 */
final class SnapshotExport {
  static final String SPACE = "als";
  static final String CATALOG_TABLE = "catalog";

  private SnapshotExport() {}

  /** Writes all tables into {@code staged}; returns them for the manifest. */
  static List<TableInfo> write(StagedSnapshot staged, ALSModel model, String[] users, String[] items,
      Dataset<Row> aggregated, Dataset<Row> catalog) {
    List<TableInfo> tables = new ArrayList<>();
    tables.add(vectors(staged, SPACE, model.userFactors(), users, true, model.rank()));
    tables.add(vectors(staged, SPACE, model.itemFactors(), items, false, model.rank()));
    tables.add(popularity(staged, aggregated));
    tables.addAll(knownItems(staged, aggregated));
    if (catalog != null) {
      tables.add(catalog(staged, catalog));
    }
    return tables;
  }

  /** Parquet for Spark and notebooks, plus the raw float32 sidecar servers load at disk speed. */
  static TableInfo vectors(StagedSnapshot staged, String space, Dataset<Row> factors, String[] labels,
      boolean users, int dim) {
    String name = StoreLayout.vectorTable(space, users);
    long rows;
    try (VectorTableWriter w = new VectorTableWriter(staged.tableDir(name), users ? "user_id" : "item_id", dim)) {
      Iterator<Row> it = factors.orderBy("id").toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<Float> f = r.getList(1);
        float[] v = new float[f.size()];
        for (int d = 0; d < v.length; d++) {
          v[d] = f.get(d);
        }
        w.write(new VectorRow(labels[r.getInt(0)], v));
      }
      rows = w.rows();
    }
    return new TableInfo(name, name, rows);
  }

  private static TableInfo popularity(StagedSnapshot staged, Dataset<Row> aggregated) {
    String name = StoreLayout.POPULARITY_TABLE;
    long rows;
    try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(part(staged, name))) {
      Iterator<Row> it = aggregated.groupBy("item_id")
          .agg(count("user_id").as("users"), sum("confidence").as("weight"))
          .orderBy(col("users").desc(), col("item_id"))
          .toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        w.write(new PopularityRow(r.getString(0), r.getLong(1), r.getDouble(2)));
      }
      rows = w.rows();
    }
    return new TableInfo(name, name, rows);
  }

  private static List<TableInfo> knownItems(StagedSnapshot staged, Dataset<Row> aggregated) {
    String name = StoreLayout.KNOWN_ITEMS_TABLE;
    long rows;
    String conf = StoreLayout.CONFIDENCE_TABLE;
    try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(part(staged, name));
        ParquetTableWriter<VectorRow> c = SnapshotTables.vectorWriter(part(staged, conf), "user_id")) {
      Iterator<Row> it = aggregated.groupBy("user_id")
          .agg(array_sort(collect_list(struct(col("item_id"), col("confidence")))).as("p"))
          .select(col("user_id"), col("p.item_id"), col("p.confidence"))
          .orderBy("user_id")
          .toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        w.write(new KnownItemsRow(r.getString(0), r.getList(1)));
        List<Double> weights = r.getList(2);
        float[] v = new float[weights.size()];
        for (int x = 0; x < v.length; x++) {
          v[x] = weights.get(x).floatValue();
        }
        c.write(new VectorRow(r.getString(0), v));
      }
      rows = w.rows();
    }
    return List.of(new TableInfo(name, name, rows), new TableInfo(conf, conf, rows));
  }

  private static TableInfo catalog(StagedSnapshot staged, Dataset<Row> catalog) {
    Path dir = staged.tableDir(CATALOG_TABLE);
    long rows;
    try (PartitionedWriter<CatalogItem> w = PartitionedWriter.items(dir)) {
      Iterator<Row> it = catalog.orderBy("item_id").toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<String> tags = r.isNullAt(2) ? List.of() : r.getList(2);
        w.write(new CatalogItem(r.getString(0), r.getString(1),
            tags.stream().filter(java.util.Objects::nonNull).toList(), r.getString(3)));
      }
      rows = w.rows();
    }
    return new TableInfo(CATALOG_TABLE, CATALOG_TABLE, rows);
  }

  private static Path part(StagedSnapshot staged, String table) {
    try {
      return Files.createDirectories(staged.tableDir(table)).resolve("part-00000.parquet");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create table directory for " + table, e);
    }
  }
}
