package io.affinity.jobs.eval;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * User segments for per-segment metrics. Every user is in exactly one activity bucket (by number
 * of training items: {@value #BUCKET_DOC}) and, for every attribute column given, in one value
 * segment: the {@value #MAX_VALUES} most common values each get a segment, the rest share
 * {@code (other)}, and a missing value or user is {@code (null)}.
 */
final class Segments {
  static final String BUCKET_DOC = "1-4, 5-19, 20-99, 100-499, 500+";
  static final int MAX_VALUES = 20;
  private static final int[] BUCKET_LOWER = {1, 5, 20, 100, 500};

  /**
   * Built segments.
   *
   * @param perUser columns {@code u, segments} (array of segment ids)
   * @param names segment names by id, e.g. {@code activity=5-19} or {@code country=FR}
   */
  record Built(Dataset<Row> perUser, List<String> names) {}

  private Segments() {}

  /**
   * Builds segments for the users of {@code train}.
   *
   * @param train columns {@code u, i}
   * @param attributes column {@code u} plus attribute columns, or null
   */
  static Built build(Dataset<Row> train, Dataset<Row> attributes) {
    List<String> names = new ArrayList<>();
    Dataset<Row> users = train.groupBy("u").agg(count("*").as("n_train"));
    Column bucket = null;
    // Built from the lowest bucket up, so the outermost CASE tests the highest threshold first.
    for (int b = 0; b < BUCKET_LOWER.length; b++) {
      String label = b == BUCKET_LOWER.length - 1 ? BUCKET_LOWER[b] + "+"
          : BUCKET_LOWER[b] + "-" + (BUCKET_LOWER[b + 1] - 1);
      names.add("activity=" + label);
      Column cond = col("n_train").geq(BUCKET_LOWER[b]);
      bucket = bucket == null ? when(cond, lit(b)) : when(cond, lit(b)).otherwise(bucket);
    }
    List<Column> ids = new ArrayList<>();
    ids.add(bucket);
    if (attributes != null) {
      users = users.join(attributes, users.col("u").equalTo(attributes.col("u")), "left")
          .drop(attributes.col("u"));
      for (String column : attributes.columns()) {
        if (!column.equals("u")) {
          ids.add(attributeIds(users, column, names));
        }
      }
    }
    return new Built(users.select(col("u"), array(ids.toArray(Column[]::new)).as("segments")), names);
  }

  /** Maps one attribute column's values to segment ids, adding their names. */
  private static Column attributeIds(Dataset<Row> users, String column, List<String> names) {
    Column value = col("`" + column + "`").cast(DataTypes.StringType);
    List<Row> top = users.groupBy(value.as("v")).agg(countDistinct("u").as("n"))
        .filter(col("v").isNotNull()).orderBy(desc("n"), col("v")).limit(MAX_VALUES + 1).collectAsList();
    int nullId = names.size();
    names.add(column + "=(null)");
    Column id = when(value.isNull(), lit(nullId));
    for (int x = 0; x < Math.min(MAX_VALUES, top.size()); x++) {
      id = id.when(value.equalTo(top.get(x).getString(0)), lit(names.size()));
      names.add(column + "=" + top.get(x).getString(0));
    }
    if (top.size() > MAX_VALUES) {
      id = id.otherwise(lit(names.size()));
      names.add(column + "=(other)");
    }
    return id;
  }
}
