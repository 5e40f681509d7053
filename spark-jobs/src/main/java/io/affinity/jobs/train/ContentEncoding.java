package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import io.affinity.jobs.eval.Evaluator;
import io.affinity.jobs.sequence.ContentVectors;
import io.affinity.jobs.sequence.ShippedModel;
import io.affinity.jobs.util.Progress;
import io.affinity.transformers.content.ContentConfig;
import io.affinity.transformers.content.ContentTrainer;
import io.affinity.transformers.content.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Item text to vectors, for the content space and its cold-item evaluation. Either the content
 * encoder is trained on the driver (text → the item's ALS vector; users keep their ALS vectors) or
 * a user-supplied SavedModel ({@code --content-model}) is copied next to the vectors and applied;
 * then a user's vector is the mean of the vectors of the items they interacted with, since an
 * external model's space is not ALS's. Either way inference runs in executors.
 */
final class ContentEncoding {
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

  /** The Spark setting bounding the warm items whose text reaches the driver to train the encoder. */
  static final String TRAIN_ITEMS_CONF = "spark.affinity.content.trainItems";
  /** Warm items that train the encoder, at most, by default (the default run draws 256,000 examples). */
  static final long DEFAULT_TRAIN_ITEMS = 200_000;

  /**
   * Encodes {@code texts}, which stay in executors: the vocabulary is counted there, only a
   * bounded sample of warm items ({@value #TRAIN_ITEMS_CONF}) reaches the driver to train the
   * encoder, and inference runs in executors.
   *
   * @param texts {@code (id, text)} rows: the ids the item vectors get
   * @param targets {@code (id, features)} ALS vectors, the training targets (warm items)
   * @param alsUsers ALS user factors, the users of a trained encoder's space
   * @param alsDim their dimension
   * @param pairs {@code (u, id)} user-item pairs, the profiles of an external model's users
   * @param modelDir where the SavedModel is written or copied
   */
  static Encoded encode(SparkSession spark, Dataset<Row> texts, Dataset<Row> targets, Dataset<Row> alsUsers,
      int alsDim, Dataset<Row> pairs, ContentConfig cfg, Path modelDir, Progress progress) {
    boolean external = cfg.externalModel() != null;
    if (external) {
      copyTree(Path.of(cfg.externalModel()), modelDir);
      progress.info("content space: applying the supplied text model %s", cfg.externalModel());
    } else {
      train(spark, texts, targets, cfg, modelDir, progress);
    }
    ShippedModel model = ShippedModel.ship(spark, modelDir, "content");
    Dataset<Row> items = ContentVectors.items(texts.select(col("id"), col("text"))
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

  /** Warm items whose text trains the content encoder at most ({@value #TRAIN_ITEMS_CONF}). */
  static long trainItems(SparkSession spark) {
    return io.affinity.jobs.util.SparkSettings.positive(spark, TRAIN_ITEMS_CONF, DEFAULT_TRAIN_ITEMS,
        Integer.MAX_VALUE);
  }

  private static void train(SparkSession spark, Dataset<Row> texts, Dataset<Row> targets, ContentConfig cfg,
      Path modelDir, Progress progress) {
    Tokenizer tok = Tokenizer.of(vocabulary(texts, cfg.maxVocab()));
    Dataset<Row> warm = texts.join(targets, "id").filter(trim(col("text")).notEqual(""));
    long all = texts.count();
    long have = warm.count();
    long maxItems = trainItems(spark);
    if (have > maxItems) {
      long keep = (long) Math.ceil((double) maxItems / have * 4294967296.0);
      long seed = cfg.seed();
      warm = warm.filter((FilterFunction<Row>) r -> Evaluator.sampled(r.getInt(0), seed, keep));
      progress.info("content encoder: training on a hash sample of about %s of %s warm items (%s)",
          Progress.count(maxItems), Progress.count(have), TRAIN_ITEMS_CONF);
    }
    List<String> texts1 = new ArrayList<>();
    List<float[]> y = new ArrayList<>();
    for (Row r : warm.orderBy("id").select("text", "features").collectAsList()) {
      texts1.add(r.getString(0));
      List<Float> f = r.getList(1);
      float[] v = new float[f.size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = f.get(d);
      }
      y.add(v);
    }
    ContentTrainer.Trained t = ContentTrainer.train(texts1, y.toArray(float[][]::new), tok, cfg, modelDir,
        line -> progress.info("%s", line));
    progress.info("content encoder: held-out cosine %.4f after %d steps, %.1f s on %s; %s items,"
        + " %s of them without a collaborative vector", t.bestCosine(), t.steps(), t.seconds(), t.device(),
        Progress.count(all), Progress.count(all - have));
  }

  /**
   * The {@code maxVocab} most frequent tokens of {@code texts} (ties by token), counted in
   * executors: only the vocabulary reaches the driver. The same tokens as
   * {@link Tokenizer#build} on the collected texts, except that ties between tokens with
   * characters beyond U+FFFF may order differently (Spark compares UTF-8 bytes, Java UTF-16 units).
   */
  static List<String> vocabulary(Dataset<Row> texts, int maxVocab) {
    Dataset<String> words = texts.select("text").flatMap((FlatMapFunction<Row, String>) r ->
        Tokenizer.words(r.isNullAt(0) ? null : r.getString(0)).iterator(), Encoders.STRING());
    return words.groupBy("value").count().orderBy(col("count").desc(), col("value")).limit(maxVocab)
        .select("value").as(Encoders.STRING()).collectAsList();
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
}
