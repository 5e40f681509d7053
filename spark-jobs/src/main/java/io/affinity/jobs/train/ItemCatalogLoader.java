package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads the optional item catalog: {@code item_id} string (required), {@code title} string,
 * {@code tags} array&lt;string&gt;, {@code text} string (each optional). Rows with a null or blank
 * {@code item_id} are dropped; the result has one row per item id (the first in id order wins).
 */
public final class ItemCatalogLoader {
  private ItemCatalogLoader() {}

  /** Loads and validates the catalog at {@code path}. */
  public static Dataset<Row> load(SparkSession spark, String path) {
    Dataset<Row> raw = InputPaths.readParquet(spark, path, "item catalog");
    List<String> names = Arrays.asList(raw.columns());
    check(raw, "item_id", DataTypes.StringType, path, true);
    check(raw, "title", DataTypes.StringType, path, false);
    check(raw, "tags", DataTypes.createArrayType(DataTypes.StringType), path, false);
    check(raw, "text", DataTypes.StringType, path, false);
    Column title = names.contains("title") ? col("title") : lit(null).cast(DataTypes.StringType);
    Column tags = names.contains("tags") ? col("tags")
        : lit(null).cast(DataTypes.createArrayType(DataTypes.StringType));
    Column text = names.contains("text") ? col("text") : lit(null).cast(DataTypes.StringType);
    return raw.filter(col("item_id").isNotNull().and(org.apache.spark.sql.functions.trim(col("item_id")).notEqual("")))
        .select(col("item_id"), title.as("title"), tags.as("tags"), text.as("text"))
        .dropDuplicates("item_id");
  }

  private static void check(Dataset<Row> raw, String name, DataType expected, String path,
      boolean required) {
    StructField f = Arrays.stream(raw.schema().fields()).filter(x -> x.name().equals(name))
        .findFirst().orElse(null);
    if (f == null) {
      if (required) {
        throw new IllegalArgumentException("item catalog at " + path + ": missing required column '"
            + name + "' (" + expected.simpleString() + "); found columns " + Arrays.toString(raw.columns()));
      }
      return;
    }
    boolean ok = expected instanceof ArrayType at && f.dataType() instanceof ArrayType ft
        ? ft.elementType().equals(at.elementType()) : f.dataType().equals(expected);
    if (!ok) {
      throw new IllegalArgumentException("item catalog at " + path + ": column '" + name
          + "' has type " + f.dataType().simpleString() + ", expected " + expected.simpleString());
    }
  }
}
