package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads the optional user-attribute table ({@code --users}): a {@code user_id} string column plus
 * any attribute columns (each becomes a segmentation in the evaluation). Users unknown to the
 * interaction log are ignored; a user with several rows gets the smallest value of each attribute (deterministic).
 */
final class UserAttributes {
  private UserAttributes() {}

  /** Returns column {@code u} (the job's user index) plus the attribute columns. */
  static Dataset<Row> load(SparkSession spark, String path, Dataset<Row> userIndex,
      io.affinity.store.privacy.Pseudonymizer pseudonyms) {
    Dataset<Row> raw = InputPaths.readParquet(spark, path, "user attributes");
    if (!Arrays.asList(raw.columns()).contains("user_id")) {
      throw new IllegalArgumentException("user attributes at " + path + ": missing required column 'user_id';"
          + " found columns " + Arrays.toString(raw.columns()));
    }
    if (raw.columns().length < 2) {
      throw new IllegalArgumentException("user attributes at " + path + ": no attribute column besides user_id");
    }
    Dataset<Row> withU = raw.withColumn("user_id", InteractionLoader.userIds(col("user_id")
        .cast(DataTypes.StringType), pseudonyms)).join(userIndex, "user_id").drop("user_id");
    org.apache.spark.sql.Column[] attrs = Arrays.stream(withU.columns()).filter(c -> !c.equals("u"))
        .map(c -> org.apache.spark.sql.functions.min(col("`" + c + "`")).as(c))
        .toArray(org.apache.spark.sql.Column[]::new);
    return withU.groupBy("u").agg(attrs[0], Arrays.copyOfRange(attrs, 1, attrs.length));
  }
}
