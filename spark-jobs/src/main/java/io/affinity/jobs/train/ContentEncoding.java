package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import io.affinity.jobs.sequence.ContentVectors;
import io.affinity.jobs.sequence.ShippedModel;
import io.affinity.jobs.util.Progress;
import io.affinity.transformers.content.ContentConfig;
import io.affinity.transformers.content.ContentTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Item text to vectors, for the content space and its cold-item evaluation. Either the content
 * encoder is trained on the driver (text → the item's ALS vector; users keep their ALS vectors) or
 * a user-supplied SavedModel ({@code --content-model}) is copied next to the vectors and applied;
 * then a user's vector is the mean of the vectors of the items they interacted with, since an
 * external model's space is not ALS's. Either way inference runs in executors.
 */
final class ContentEncoding {
  private static final StructType TEXTS = new StructType().add("id", DataTypes.IntegerType)
      .add("text", DataTypes.StringType);

  private ContentEncoding() {}

  /**
   * The encoded space.
   *
   * @param users columns {@code id, features}
   * @param items columns {@code id, features}, one row per text
   * @param dim the vector dimension
   */
  record Encoded(Dataset<Row> users, Dataset<Row> items, int dim) {}

  /** The text the encoder reads per catalogue item: title, tags and text joined by spaces. */
  static Dataset<Row> catalogTexts(Dataset<Row> catalog) {
    return catalog.select(col("item_id"), concat_ws(" ", coalesce(col("title"), lit("")),
        coalesce(array_join(col("tags"), " "), lit("")), coalesce(col("text"), lit(""))).as("text"));
  }

  /**
   * Encodes {@code texts}.
   *
   * @param texts {@code (id, text)} rows: the ids the item vectors get
   * @param targets ALS vectors by id, the training targets (warm items)
   * @param alsUsers ALS user factors, the users of a trained encoder's space
   * @param alsDim their dimension
   * @param pairs {@code (u, id)} user-item pairs, the profiles of an external model's users
   * @param modelDir where the SavedModel is written or copied
   */
  static Encoded encode(SparkSession spark, List<Row> texts, Map<Integer, float[]> targets, Dataset<Row> alsUsers,
      int alsDim, Dataset<Row> pairs, ContentConfig cfg, Path modelDir, Progress progress) {
    boolean external = cfg.externalModel() != null;
    if (external) {
      copyTree(Path.of(cfg.externalModel()), modelDir);
      progress.info("content space: applying the supplied text model %s", cfg.externalModel());
    } else {
      train(texts, targets, cfg, modelDir, progress);
    }
    ShippedModel model = ShippedModel.ship(spark, modelDir, "content");
    Dataset<Row> items = ContentVectors.items(spark.createDataFrame(texts, TEXTS)
        .repartition(Math.max(1, spark.sparkContext().defaultParallelism())), model, external).checkpoint().cache();
    items.count(); // checkpointed first: no later use recomputes them with the released model
    model.release(spark);
    if (!external) {
      return new Encoded(alsUsers, items, alsDim);
    }
    Row first = items.first();
    int dim = first.getList(1).size();
    Dataset<Row> users = pairs.join(items, "id")
        .select(col("u"), functions.array_to_vector(col("features")).as("v"))
        .groupBy("u").agg(Summarizer.mean(col("v")).as("m"))
        .select(col("u").as("id"), functions.vector_to_array(col("m"), "float32").as("features")).cache();
    return new Encoded(users, items, dim);
  }

  private static void train(List<Row> texts, Map<Integer, float[]> targets, ContentConfig cfg, Path modelDir,
      Progress progress) {
    List<String> all = new ArrayList<>(texts.size());
    List<String> warm = new ArrayList<>();
    List<float[]> y = new ArrayList<>();
    for (Row r : texts) {
      String text = r.getString(1);
      all.add(text);
      float[] v = targets.get(r.getInt(0));
      if (v != null && !text.isBlank()) {
        warm.add(text);
        y.add(v);
      }
    }
    ContentTrainer.Trained t = ContentTrainer.train(warm, y.toArray(float[][]::new), all, cfg, modelDir,
        line -> progress.info("%s", line));
    progress.info("content encoder: held-out cosine %.4f after %d steps, %.1f s on %s; %s items,"
        + " %s of them without a collaborative vector", t.bestCosine(), t.steps(), t.seconds(), t.device(),
        Progress.count(all.size()), Progress.count(all.size() - warm.size()));
  }

  private static void copyTree(Path from, Path to) {
    if (!Files.isRegularFile(from.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("--content-model " + from + ": not a SavedModel directory (no saved_model.pb)");
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy --content-model " + from + " into the snapshot", e);
    }
  }

  /** ALS item vectors by item index. */
  static Map<Integer, float[]> vectors(Dataset<Row> factors) {
    Map<Integer, float[]> out = new java.util.HashMap<>();
    for (Row r : factors.collectAsList()) {
      List<Float> f = r.getList(1);
      float[] v = new float[f.size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = f.get(d);
      }
      out.put(r.getInt(0), v);
    }
    return out;
  }
}
