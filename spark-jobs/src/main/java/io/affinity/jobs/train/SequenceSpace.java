package io.affinity.jobs.train;

import io.affinity.jobs.sequence.SequenceVectors;
import io.affinity.jobs.sequence.ShippedModel;
import io.affinity.jobs.util.Progress;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.publish.StagedSnapshot;
import io.affinity.transformers.sequence.SequenceConfig;
import io.affinity.transformers.sequence.SequenceTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code sequence} space: trains the sequence model on the driver over users' ordered
 * histories, then computes every user's and item's vector in executors, for the evaluation (on the
 * split's train side) and for the snapshot (on all data, with the SavedModel inside the snapshot).
 */
final class SequenceSpace {
  static final String SPACE = "sequence";
  /** Where the published SavedModel lives inside a snapshot. */
  static final String MODEL_DIR = SPACE + "/model";

  private SequenceSpace() {}

  /**
   * Vectors of a model trained on {@code pairs}.
   *
   * @param users columns {@code id, features}
   * @param items columns {@code id, features}
   * @param trained the training summary
   */
  record Vectors(Dataset<Row> users, Dataset<Row> items, SequenceTrainer.Trained trained) {}

  /** Users whose histories train the sequence model at most ({@value SequenceVectors#TRAIN_USERS_CONF}). */
  static long trainUsers(SparkSession spark) {
    return io.affinity.jobs.util.SparkSettings.positive(spark, SequenceVectors.TRAIN_USERS_CONF,
        SequenceVectors.DEFAULT_TRAIN_USERS, Integer.MAX_VALUE);
  }

  /** Trains on {@code pairs} (columns {@code u, i, last_ts}) and applies the model in executors. */
  static Vectors fit(SparkSession spark, Dataset<Row> pairs, int numItems, SequenceConfig cfg,
      Path modelDir, Progress progress) {
    Dataset<Row> histories = SequenceVectors.histories(pairs, cfg.maxLen() + 1).cache();
    long maxUsers = trainUsers(spark);
    int[][] byUser = SequenceVectors.collect(histories, maxUsers, cfg.seed());
    SequenceTrainer.Trained t = SequenceTrainer.train(byUser, numItems, cfg, modelDir, line -> progress.info("%s", line));
    progress.info("sequence model: %d steps, best validation ndcg@10 %.4f, %.1f s (%,.0f sequences/s) on %s",
        t.stepsRun(), t.bestNdcg(), t.seconds(), t.sequencesPerSecond(), t.device());
    ShippedModel model = ShippedModel.ship(spark, modelDir, "sequence");
    long t0 = System.nanoTime();
    // Checkpointed (written to the run's shared checkpoint directory) before the model is released:
    // a lost executor's cached partitions are then re-read, never recomputed with a freed model.
    Dataset<Row> users = SequenceVectors.users(histories, model).checkpoint().cache();
    long nu = users.count();
    double userSecs = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> items = SequenceVectors.items(spark, numItems, model).checkpoint().cache();
    long ni = items.count();
    progress.info("inference in executors (model shipped as %s bytes): %s user vectors in %.1f s (%,.0f users/s),"
        + " %s item vectors", Progress.count(model.size()), Progress.count(nu), userSecs, nu / userSecs,
        Progress.count(ni));
    histories.unpersist();
    model.release(spark);
    return new Vectors(users, items, t);
  }

  /**
   * Writes a space's vector tables (users labelled by the export's user index, items by
   * {@code itemLabels}: columns string id, int index) and submits its neighbour graph; returns its
   * manifest entries. The content space's items are the catalogue, not the interaction index.
   */
  static Published write(TableExport export, String space, Vectors v, Dataset<Row> itemLabels, int dim,
      boolean buildAnn) {
    List<TableInfo> tables = new ArrayList<>();
    tables.add(export.vectors(space, true, v.users(), export.userIndex(), dim, false));
    tables.add(export.vectors(space, false, v.items(), itemLabels, dim, buildAnn));
    SpaceInfo info = new SpaceInfo(space, dim, "dot", StoreLayout.vectorTable(space, true),
        StoreLayout.vectorTable(space, false), tables.get(0).rows(), tables.get(1).rows());
    return new Published(info, tables, v);
  }

  /** Trains on all data and writes the space (vectors, SavedModel, ANN graph) into the snapshot. */
  static Published publish(SparkSession spark, StagedSnapshot staged, TableExport export, Dataset<Row> indexed,
      int numItems, SequenceConfig cfg, boolean buildAnn, Progress progress) {
    progress.info("training the sequence model on all data (%s)", String.format(Locale.ROOT,
        "d=%d, %d blocks, %d heads, max length %d", cfg.dim(), cfg.blocks(), cfg.heads(), cfg.maxLen()));
    Vectors v = fit(spark, indexed, numItems, cfg, staged.dir().resolve(MODEL_DIR), progress);
    return write(export, SPACE, v, export.itemIndex(), cfg.dim(), buildAnn);
  }

  /**
   * What the snapshot gets.
   *
   * @param space the space entry
   * @param tables its vector tables
   * @param vectors the vectors, still cached (the hybrid space reads them; callers unpersist)
   */
  record Published(SpaceInfo space, List<TableInfo> tables, Vectors vectors) {}
}
