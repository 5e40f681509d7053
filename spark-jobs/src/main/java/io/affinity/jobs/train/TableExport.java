package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.affinity.jobs.util.Progress;
import io.affinity.store.ann.GraphParams;
import io.affinity.store.ann.GraphWriter;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.log.CatalogItem;
import io.affinity.store.log.LogSchemas;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.IndexInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import io.affinity.store.parquet.VectorRow;
import io.affinity.store.parquet.VectorTableWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes a snapshot's tables from the executors. Each table is hash-partitioned by its id into
 * {@code ceil(rows / spark.affinity.export.rowsPerPart)} parts (default 1,000,000 rows per part)
 * and sorted by id within each part; one task writes one part (Parquet, plus the float32 sidecar
 * part of a vector table), checksums it where it is written and moves or uploads it into the
 * snapshot root (see {@link PartFiles}). Only file lists come back to the driver, so the same
 * files come out of the same data and part count, whatever the cluster. The popularity table,
 * whose row order is its ranking, is one part sorted in one task.
 *
 * <p>A space's neighbour graph is built in one Spark task over the item table's rows in table
 * order, submitted asynchronously: the graphs of several spaces build at the same time on
 * different executor cores while the job goes on; {@link #awaitGraphs} collects them.
 */
final class TableExport {
  /** Rows per part of an exported table. */
  static final String ROWS_PER_PART_CONF = "spark.affinity.export.rowsPerPart";
  static final long DEFAULT_ROWS_PER_PART = 1_000_000L;
  /**
   * Threads of one graph task (default 1: the only setting whose graph is the same on every run;
   * more threads build a large space's graph faster, see docs/scaling.md).
   */
  static final String ANN_THREADS_CONF = "spark.affinity.ann.threads";

  private final PartFiles files;
  private final long rowsPerPart;
  private final GraphParams graphParams;
  private final Dataset<Row> userIndex;
  private final Dataset<Row> itemIndex;
  private final Progress progress;
  private final List<FileEntry> written = new ArrayList<>();
  private final List<PendingGraph> graphs = new ArrayList<>();

  /**
   * An export into {@code rootUri}.
   *
   * @param userIndex columns {@code user_id, u}
   * @param itemIndex columns {@code item_id, i}
   */
  TableExport(SparkSession spark, String rootUri, Dataset<Row> userIndex, Dataset<Row> itemIndex, Progress progress) {
    this.files = PartFiles.of(rootUri, spark.sparkContext().hadoopConfiguration());
    this.rowsPerPart = io.affinity.jobs.util.SparkSettings.positive(spark, ROWS_PER_PART_CONF, DEFAULT_ROWS_PER_PART,
        Long.MAX_VALUE);
    this.graphParams = GraphParams.DEFAULTS.withThreads(annThreads(spark));
    this.userIndex = userIndex;
    this.itemIndex = itemIndex;
    this.progress = progress;
  }

  /** Threads of each neighbour-graph task ({@value #ANN_THREADS_CONF}, default 1, at most 256). */
  static int annThreads(SparkSession spark) {
    return (int) io.affinity.jobs.util.SparkSettings.positive(spark, ANN_THREADS_CONF, 1, 256);
  }

  /** The user index, columns {@code user_id, u}. */
  Dataset<Row> userIndex() {
    return userIndex;
  }

  /** The item index, columns {@code item_id, i}. */
  Dataset<Row> itemIndex() {
    return itemIndex;
  }

  /** Every file the executors wrote so far, with their checksums. */
  List<FileEntry> written() {
    return List.copyOf(written);
  }

  /** How many parts a table of {@code rows} rows is written in. */
  int parts(long rows) {
    return (int) Math.max(1, Math.min(100_000, (rows + rowsPerPart - 1) / rowsPerPart));
  }

  /**
   * Writes one side of a space. {@code vectors} has an int index and a float array column (in that
   * order), {@code labels} a string id and that index (in that order); with {@code graph}, the
   * space's neighbour graph is submitted over the written item rows.
   */
  TableInfo vectors(String space, boolean users, Dataset<Row> vectors, Dataset<Row> labels, int dim, boolean graph) {
    String name = StoreLayout.vectorTable(space, users);
    String idCol = users ? "user_id" : "item_id";
    // Renamed and joined by name: the vectors may descend from the index itself (a supplied text
    // model's users), and a join on the index's own column objects would be an ambiguous self-join.
    Dataset<Row> labelled = vectors.toDF("vector_index", "vector")
        .join(labels.toDF(idCol, "label_index"), col("vector_index").equalTo(col("label_index")))
        .select(col(idCol), col("vector"));
    Dataset<Row> parted = labelled.repartition(parts(labels.count()), col(idCol)).sortWithinPartitions(idCol);
    if (graph) {
      parted = parted.persist(StorageLevel.MEMORY_AND_DISK());
    }
    long rows = run(parted, name, (dir, part, it) -> {
      try (VectorTableWriter w = VectorTableWriter.part(dir.resolve(name), idCol, dim, part)) {
        while (it.hasNext()) {
          Row r = it.next();
          w.write(new VectorRow(r.getString(0), io.affinity.jobs.util.SparkArrays.floats(r.get(1))));
        }
        return w.rows();
      }
    });
    if (graph) {
      graphs.add(graph(space, parted, dim, rows));
    }
    return new TableInfo(name, name, rows);
  }

  /** The popularity table: items by distinct users, descending, then by id; one part. */
  TableInfo popularity(Dataset<Row> aggregated) {
    String name = StoreLayout.POPULARITY_TABLE;
    Dataset<Row> ranked = aggregated.groupBy("item_id")
        .agg(count("user_id").as("users"), sum("confidence").as("weight"))
        .repartition(1).sortWithinPartitions(col("users").desc(), col("item_id"));
    long rows = run(ranked, name, (dir, part, it) -> {
      try (ParquetTableWriter<PopularityRow> w = SnapshotTables.popularityWriter(file(dir, name, part))) {
        while (it.hasNext()) {
          Row r = it.next();
          w.write(new PopularityRow(r.getString(0), r.getLong(1), r.getDouble(2)));
        }
        return w.rows();
      }
    });
    return new TableInfo(name, name, rows);
  }

  /** The known-items table and the confidence table, row for row (each user's items by id). */
  List<TableInfo> knownItems(Dataset<Row> aggregated) {
    String name = StoreLayout.KNOWN_ITEMS_TABLE;
    String conf = StoreLayout.CONFIDENCE_TABLE;
    Dataset<Row> perUser = aggregated.groupBy("user_id")
        .agg(array_sort(collect_list(struct(col("item_id"), col("confidence")))).as("p"))
        .select(col("user_id"), col("p.item_id"), col("p.confidence"));
    Dataset<Row> parted = perUser.repartition(parts(userIndex.count()), col("user_id")).sortWithinPartitions("user_id");
    long rows = run(parted, name, (dir, part, it) -> {
      try (ParquetTableWriter<KnownItemsRow> w = SnapshotTables.knownItemsWriter(file(dir, name, part));
          ParquetTableWriter<VectorRow> c = SnapshotTables.vectorWriter(file(dir, conf, part), "user_id")) {
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
        return w.rows();
      }
    });
    return List.of(new TableInfo(name, name, rows), new TableInfo(conf, conf, rows));
  }

  /** The item catalogue (columns {@code item_id, title, tags, text}) as given. */
  TableInfo catalog(Dataset<Row> catalog, String name) {
    Dataset<Row> parted = catalog.repartition(parts(catalog.count()), col("item_id")).sortWithinPartitions("item_id");
    long rows = run(parted, name, (dir, part, it) -> {
      try (ParquetTableWriter<CatalogItem> w = ParquetTableWriter.create(file(dir, name, part), LogSchemas.ITEMS,
          LogSchemas.ITEM_ENCODER)) {
        while (it.hasNext()) {
          Row r = it.next();
          List<String> tags = r.isNullAt(2) ? List.of() : r.getList(2);
          w.write(new CatalogItem(r.getString(0), r.getString(1), tags.stream().filter(Objects::nonNull).toList(),
              r.getString(3)));
        }
        return w.rows();
      }
    });
    return new TableInfo(name, name, rows);
  }

  /** Waits for the submitted graphs; returns their manifest entries in submission order. */
  List<IndexInfo> awaitGraphs() {
    List<IndexInfo> out = new ArrayList<>();
    for (PendingGraph g : graphs) {
      GraphBuilt built;
      try {
        built = g.job().get().get(0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the neighbour graph of " + g.space() + " was built", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("the neighbour graph of " + g.space() + " failed: " + e.getCause(), e.getCause());
      } finally {
        g.items().unpersist();
      }
      written.addAll(built.written().files());
      out.add(built.index());
      progress.info("neighbour graph of %s (M=%d, beam %d, %d thread%s) over %s items built in %.1f s in one Spark"
          + " task", g.space(), graphParams.maxDegree(), graphParams.beamWidth(), graphParams.threads(),
          graphParams.threads() == 1 ? "" : "s", Progress.count(built.index().nodes()), built.seconds());
    }
    graphs.clear();
    return out;
  }

  /** Cancels graphs still building and releases their rows (the job failed). */
  void cancel() {
    for (PendingGraph g : graphs) {
      g.job().cancel(true);
      g.items().unpersist();
    }
    graphs.clear();
  }

  private PendingGraph graph(String space, Dataset<Row> items, int dim, long rows) {
    PartFiles pf = files;
    GraphParams params = graphParams;
    String path = space + "/items.graph";
    progress.info("neighbour graph of %s: %s items, building in one Spark task while the job goes on", space,
        Progress.count(rows));
    // The job's tasks count the nodes inserted (its progress line: "N of M graph nodes inserted").
    org.apache.spark.SparkContext sc = items.sparkSession().sparkContext();
    JavaFutureAction<List<GraphBuilt>> job = io.affinity.jobs.util.SparkProgress.described(sc,
        "export: neighbour graph of " + space, () -> {
          try (io.affinity.jobs.util.SparkProgress.Work work = io.affinity.jobs.util.SparkProgress.work(sc,
              "graph nodes inserted", rows)) {
            return buildGraph(items, pf, params, path, space, dim, work.counter());
          }
        });
    return new PendingGraph(space, items, job);
  }

  /** Submits the one-task job that builds {@code space}'s graph, counting nodes into {@code inserted}. */
  private static JavaFutureAction<List<GraphBuilt>> buildGraph(Dataset<Row> items, PartFiles pf, GraphParams params,
      String path, String space, int dim, io.affinity.jobs.util.WorkCounter inserted) {
    // Rows tagged with (part, position) so the one task can restore the table's order: node i is
    // row i of the parts read in name order.
    return items.javaRDD()
        .mapPartitionsWithIndex((Function2<Integer, Iterator<Row>, Iterator<Tagged>>) (part, it) -> {
          List<Tagged> out = new ArrayList<>();
          int at = 0;
          while (it.hasNext()) {
            out.add(new Tagged(part, at++, io.affinity.jobs.util.SparkArrays.floats(it.next().get(1))));
          }
          return out.iterator();
        }, false)
        .coalesce(1)
        .mapPartitions(it -> {
          List<Tagged> all = new ArrayList<>();
          it.forEachRemaining(all::add);
          all.sort(java.util.Comparator.comparingInt(Tagged::part).thenComparingInt(Tagged::position));
          float[] data = new float[all.size() * dim];
          for (int x = 0; x < all.size(); x++) {
            System.arraycopy(all.get(x).vector(), 0, data, x * dim, dim);
          }
          all.clear();
          long t0 = System.nanoTime();
          IndexInfo[] index = new IndexInfo[1];
          PartFiles.Written w = pf.write(SparkFiles.getRootDirectory(), space + "-graph", dir -> {
            index[0] = GraphWriter.write(dir, path, space, data, dim, params, inserted.live());
            return data.length / dim;
          });
          return List.of(new GraphBuilt(index[0], w, (System.nanoTime() - t0) / 1e9)).iterator();
        })
        .collectAsync();
  }

  /** One part's rows in, its row count out; writes under {@code dir} at the snapshot's relative paths. */
  @FunctionalInterface
  private interface PartWriter extends Serializable {
    long write(Path dir, int part, Iterator<Row> rows) throws java.io.IOException;
  }

  /** Writes every non-empty partition of {@code parted} as part {@code index}; returns the rows. */
  private long run(Dataset<Row> parted, String table, PartWriter writer) {
    PartFiles pf = files;
    List<PartFiles.Written> out = parted.javaRDD()
        .mapPartitionsWithIndex((Function2<Integer, Iterator<Row>, Iterator<PartFiles.Written>>) (part, it) -> {
          if (!it.hasNext()) {
            return Collections.emptyIterator();
          }
          String label = table.replace('/', '-') + "-" + part;
          return List.of(pf.write(SparkFiles.getRootDirectory(), label, dir -> writer.write(dir, part, it))).iterator();
        }, false)
        .collect();
    long rows = 0;
    for (PartFiles.Written w : out) {
      rows += w.rows();
      written.addAll(w.files());
    }
    return rows;
  }

  private static Path file(Path dir, String table, int part) throws java.io.IOException {
    return Files.createDirectories(dir.resolve(table)).resolve(VectorTableWriter.partName(part) + ".parquet");
  }

  /** A row of a graph's item table with where it sits in the table. */
  private record Tagged(int part, int position, float[] vector) implements Serializable {}

  /** What a graph task returns. */
  private record GraphBuilt(IndexInfo index, PartFiles.Written written, double seconds) implements Serializable {}

  private record PendingGraph(String space, Dataset<Row> items, JavaFutureAction<List<GraphBuilt>> job) {}
}
