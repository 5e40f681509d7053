package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import io.affinity.jobs.sequence.ContentVectors;
import io.affinity.jobs.util.Progress;
import io.affinity.transformers.content.ContentConfig;
import io.affinity.transformers.content.ContentTrainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code content} space: the content encoder is trained on the driver to map each catalogue
 * item's text (title, tags, text) to its ALS vector, then applied in executors to every catalogue
 * item, including items nobody interacted with. Users keep their ALS vectors, so a user's score
 * for a cold item is the inner product with the item's predicted ALS vector. The SavedModel and
 * its vocabulary go into the snapshot at {@code content/model}.
 */
final class ContentSpace {
  static final String SPACE = "content";
  static final String MODEL_DIR = SPACE + "/model";

  private ContentSpace() {}

  static SequenceSpace.Published publish(SparkSession spark, io.affinity.store.publish.StagedSnapshot staged,
      Dataset<Row> catalog, ALSModel als, String[] users, String[] items, ContentConfig cfg, boolean buildAnn,
      Progress progress) {
    List<Row> rows = catalog.select(col("item_id"), concat_ws(" ", coalesce(col("title"), lit("")),
        coalesce(array_join(col("tags"), " "), lit("")), coalesce(col("text"), lit(""))).as("text"))
        .orderBy("item_id").collectAsList();
    String[] ids = new String[rows.size()];
    List<String> allTexts = new ArrayList<>(rows.size());
    Map<String, Integer> catalogIndex = new HashMap<>(rows.size() * 2);
    List<Row> textRows = new ArrayList<>(rows.size());
    for (int x = 0; x < rows.size(); x++) {
      ids[x] = rows.get(x).getString(0);
      allTexts.add(rows.get(x).getString(1));
      catalogIndex.put(ids[x], x);
      textRows.add(RowFactory.create(x, rows.get(x).getString(1)));
    }
    List<String> texts = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    for (Row r : als.itemFactors().collectAsList()) {
      Integer x = catalogIndex.get(items[r.getInt(0)]);
      if (x != null && !allTexts.get(x).isBlank()) {
        List<Float> f = r.getList(1);
        float[] v = new float[f.size()];
        for (int d = 0; d < v.length; d++) {
          v[d] = f.get(d);
        }
        texts.add(allTexts.get(x));
        targets.add(v);
      }
    }
    java.nio.file.Path modelDir = staged.dir().resolve(MODEL_DIR);
    ContentTrainer.Trained t = ContentTrainer.train(texts, targets.toArray(float[][]::new), allTexts, cfg, modelDir,
        line -> progress.info("%s", line));
    int warm = texts.size();
    progress.info("content encoder: held-out cosine %.4f after %d steps, %.1f s on %s; %s catalogue items,"
        + " %s of them without a collaborative vector", t.bestCosine(), t.steps(), t.seconds(), t.device(),
        Progress.count(ids.length), Progress.count(ids.length - warm));
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
    String path = modelDir.toAbsolutePath().toString();
    Dataset<Row> itemVectors = ContentVectors.items(spark.createDataFrame(textRows, schema).repartition(
        Math.max(1, spark.sparkContext().defaultParallelism())), path).cache();
    SequenceSpace.Vectors v = new SequenceSpace.Vectors(als.userFactors(), itemVectors, null);
    SequenceSpace.Published p = SequenceSpace.write(staged, SPACE, v, users, ids, als.rank(), buildAnn,
        progress);
    itemVectors.unpersist();
    return p;
  }
}
