package io.affinity.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Schema drift across the files of one log: each Parquet file's footer is checked against the
 * interaction schema; files that do not match (a {@code user_id} written as a number by one
 * producer, a string {@code ts}, a missing column) are read on their own, their rows cast as far
 * as possible and quarantined with reason {@code schema_mismatch} and the file and column in
 * {@code detail}, while the other files are read normally. A log in which no file matches fails
 * with the schema error naming the column.
 */
final class SchemaDrift {
  private SchemaDrift() {}

  /** The files that match and, per mismatching file, what is wrong. */
  record Split(List<String> good, List<String[]> bad) {}

  /** Checks every data file under {@code path} (a file or a directory tree). */
  static Split split(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> good = new ArrayList<>();
    List<String[]> bad = new ArrayList<>();
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root) || path.contains("*")) {
        return new Split(List.of(path), List.of()); // globs and missing paths: the normal reader reports
      }
      List<Path> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (!hidden(root, p) && p.getName().endsWith(".parquet")) {
          files.add(p);
        }
      }
      // Footers only (a few kB each), read in parallel: on object storage each is a round trip.
      List<String> problems = files.parallelStream().map(p -> problem(footer(p, conf))).toList();
      for (int i = 0; i < files.size(); i++) {
        if (problems.get(i) == null) {
          good.add(files.get(i).toString());
        } else {
          bad.add(new String[] {files.get(i).toString(), problems.get(i)});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect the files of " + path, e);
    }
    return new Split(good, bad);
  }

  private static MessageType footer(Path p, Configuration conf) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
      return r.getFooter().getFileMetaData().getSchema();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Parquet footer of " + p, e);
    }
  }

  /** The drifted files' rows in the loader's columns plus {@code reason} and {@code detail}. */
  static Dataset<Row> quarantined(SparkSession spark, List<String[]> bad) {
    Dataset<Row> all = null;
    for (String[] f : bad) {
      Dataset<Row> d = spark.read().parquet(f[0]);
      List<String> cols = Arrays.asList(d.columns());
      Dataset<Row> rows = d.select(
          cast(cols, "user_id", DataTypes.StringType), cast(cols, "item_id", DataTypes.StringType),
          cast(cols, "event_type", DataTypes.StringType), cast(cols, "weight", DataTypes.DoubleType),
          cast(cols, "ts", DataTypes.TimestampType),
          lit("schema_mismatch").as("reason"), lit(f[0] + ": " + f[1]).as("detail"));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }

  private static Column cast(List<String> cols, String name, org.apache.spark.sql.types.DataType type) {
    return (cols.contains(name) ? col(name) : lit(null)).try_cast(type).as(name);
  }

  private static boolean hidden(Path root, Path p) {
    for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
      String n = q.getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Null when {@code schema} fits the interaction schema, else what does not. */
  static String problem(MessageType schema) {
    String s = require(schema, "user_id", true, SchemaDrift::isString, "string");
    s = s != null ? s : require(schema, "item_id", true, SchemaDrift::isString, "string");
    s = s != null ? s : require(schema, "ts", true, SchemaDrift::isTimestamp, "timestamp");
    s = s != null ? s : require(schema, "event_type", false, SchemaDrift::isString, "string");
    return s != null ? s : require(schema, "weight", false, SchemaDrift::isNumeric, "numeric");
  }

  private static String require(MessageType schema, String name, boolean required,
      java.util.function.Predicate<PrimitiveType> ok, String expected) {
    if (!schema.containsField(name)) {
      return required ? "missing column '" + name + "'" : null;
    }
    Type t = schema.getType(name);
    if (!t.isPrimitive() || !ok.test(t.asPrimitiveType())) {
      return "column '" + name + "' is " + (t.isPrimitive() ? t.asPrimitiveType().getPrimitiveTypeName()
          + (t.getLogicalTypeAnnotation() == null ? "" : " (" + t.getLogicalTypeAnnotation() + ")") : "a group")
          + ", expected " + expected;
    }
    return null;
  }

  private static boolean isString(PrimitiveType t) {
    return t.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
  }

  private static boolean isTimestamp(PrimitiveType t) {
    return t.getPrimitiveTypeName() == PrimitiveTypeName.INT96
        || (t.getPrimitiveTypeName() == PrimitiveTypeName.INT64
            && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation);
  }

  private static boolean isNumeric(PrimitiveType t) {
    return switch (t.getPrimitiveTypeName()) {
      case INT32, INT64, FLOAT, DOUBLE -> true;
      default -> t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
    };
  }
}
