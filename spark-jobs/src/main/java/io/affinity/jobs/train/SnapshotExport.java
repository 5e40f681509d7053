package io.affinity.jobs.train;

import io.affinity.store.manifest.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ALS space and the tables every snapshot has (popularity, known items, confidences, the
 * catalogue), written by the executors through a {@link TableExport}.
 */
final class SnapshotExport {
  static final String SPACE = "als";
  static final String CATALOG_TABLE = "catalog";

  private SnapshotExport() {}

  /**
   * Writes the ALS vectors (and submits the ALS graph with {@code graph}), popularity, known items,
   * confidences and the catalogue; returns the tables for the manifest, ALS users and items first.
   */
  static List<TableInfo> write(TableExport export, AlsFactors model, Dataset<Row> aggregated, Dataset<Row> catalog,
      boolean graph) {
    List<TableInfo> tables = new ArrayList<>();
    tables.add(export.vectors(SPACE, true, model.users(), export.userIndex(), model.rank(), false));
    tables.add(export.vectors(SPACE, false, model.items(), export.itemIndex(), model.rank(), graph));
    tables.add(export.popularity(aggregated));
    tables.addAll(export.knownItems(aggregated));
    if (catalog != null) {
      tables.add(export.catalog(catalog, CATALOG_TABLE));
    }
    return tables;
  }
}
