package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.affinity.jobs.util.Progress;
import io.affinity.store.publish.StagedSnapshot;
import io.affinity.transformers.content.ContentConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code content} space over the whole catalogue, including items nobody interacted with (see
 * {@link ContentEncoding}: a trained encoder maps text to the item's predicted ALS vector and users
 * keep their ALS vectors; a supplied model's users are the mean of their items). The SavedModel
 * (and a trained encoder's vocabulary) goes into the snapshot at {@code content/model}.
 */
final class ContentSpace {
  static final String SPACE = "content";
  static final String MODEL_DIR = SPACE + "/model";

  private ContentSpace() {}

  static SequenceSpace.Published publish(SparkSession spark, StagedSnapshot staged, TableExport export,
      Dataset<Row> catalog, Dataset<Row> indexed, AlsFactors als, ContentConfig cfg, boolean buildAnn, Progress progress) {
    // Catalogue rows numbered in item_id order in Spark; the text and the ids stay in executors
    // (the snapshot's rows are labelled by a join).
    Dataset<Row> numbered = number(spark, ContentEncoding.catalogTexts(catalog)).cache();
    Dataset<Row> indexToCatalog = export.itemIndex().join(numbered, "item_id")
        .select(col("i"), col("id")).cache();
    Dataset<Row> targets = als.items().withColumnRenamed("id", "i").join(indexToCatalog, "i")
        .select(col("id"), col("features"));
    Dataset<Row> pairs = indexed.select("u", "i").join(indexToCatalog, "i").select(col("u"), col("id"));
    ContentEncoding.Encoded e = ContentEncoding.encode(spark, numbered.select("id", "text"), targets,
        als.users(), als.rank(), pairs, cfg, staged.dir().resolve(MODEL_DIR), progress);
    SequenceSpace.Published p = SequenceSpace.write(export, SPACE, new SequenceSpace.Vectors(e.users(), e.items(), null),
        numbered.select("item_id", "id"), e.dim(), buildAnn);
    e.items().unpersist();
    indexToCatalog.unpersist();
    numbered.unpersist();
    return p;
  }

  /** {@code (id, item_id, text)}: the catalogue numbered from 0 in item_id order, by zipWithIndex. */
  private static Dataset<Row> number(SparkSession spark, Dataset<Row> texts) {
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("item_id", DataTypes.StringType)
        .add("text", DataTypes.StringType);
    var rows = texts.orderBy("item_id").javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(Math.toIntExact(t._2()), t._1().getString(0), t._1().getString(1)));
    return spark.createDataFrame(rows, schema);
  }
}
