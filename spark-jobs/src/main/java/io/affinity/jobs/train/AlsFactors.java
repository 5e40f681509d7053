package io.affinity.jobs.train;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ALS vectors a snapshot publishes: a user and an item table ({@code id} int index,
 * {@code features} float array), as MLlib's model has them, either a fit's own or the evaluated
 * fit's with users folded in ({@link FinalFit}).
 *
 * @param users user vectors
 * @param items item vectors
 * @param rank their dimension
 */
record AlsFactors(Dataset<Row> users, Dataset<Row> items, int rank) {
  /** A fitted model's vectors. */
  static AlsFactors of(ALSModel model) {
    return new AlsFactors(model.userFactors(), model.itemFactors(), model.rank());
  }
}
