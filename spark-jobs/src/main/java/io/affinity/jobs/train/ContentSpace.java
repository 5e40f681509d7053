package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.affinity.jobs.util.Progress;
import io.affinity.store.publish.StagedSnapshot;
import io.affinity.transformers.content.ContentConfig;
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
 * The {@code content} space over the whole catalogue, including items nobody interacted with (see
 * {@link ContentEncoding}: a trained encoder maps text to the item's predicted ALS vector and users
 * keep their ALS vectors; a supplied model's users are the mean of their items). The SavedModel
 * (and a trained encoder's vocabulary) goes into the snapshot at {@code content/model}.
 */
final class ContentSpace {
  static final String SPACE = "content";
  static final String MODEL_DIR = SPACE + "/model";

  private ContentSpace() {}

  static SequenceSpace.Published publish(SparkSession spark, StagedSnapshot staged, Dataset<Row> catalog,
      Dataset<Row> indexed, ALSModel als, String[] users, String[] items, ContentConfig cfg, boolean buildAnn,
      Progress progress) {
    List<Row> rows = ContentEncoding.catalogTexts(catalog).orderBy("item_id").collectAsList();
    String[] ids = new String[rows.size()];
    Map<String, Integer> catalogIndex = new HashMap<>(rows.size() * 2);
    List<Row> texts = new ArrayList<>(rows.size());
    for (int x = 0; x < rows.size(); x++) {
      ids[x] = rows.get(x).getString(0);
      catalogIndex.put(ids[x], x);
      texts.add(RowFactory.create(x, rows.get(x).getString(1)));
    }
    Map<Integer, float[]> targets = new HashMap<>();
    List<Row> indexToCatalog = new ArrayList<>();
    for (Map.Entry<Integer, float[]> e : ContentEncoding.vectors(als.itemFactors()).entrySet()) {
      Integer x = catalogIndex.get(items[e.getKey()]);
      if (x != null) {
        targets.put(x, e.getValue());
        indexToCatalog.add(RowFactory.create(e.getKey(), x));
      }
    }
    Dataset<Row> pairs = indexed.select("u", "i").join(spark.createDataFrame(indexToCatalog,
        new StructType().add("i", DataTypes.IntegerType).add("id", DataTypes.IntegerType)), "i")
        .select(col("u"), col("id"));
    ContentEncoding.Encoded e = ContentEncoding.encode(spark, texts, targets, als.userFactors(), als.rank(), pairs,
        cfg, staged.dir().resolve(MODEL_DIR), progress);
    SequenceSpace.Published p = SequenceSpace.write(staged, SPACE, new SequenceSpace.Vectors(e.users(), e.items(), null),
        users, ids, e.dim(), buildAnn, progress);
    e.items().unpersist();
    return p;
  }
}
