package io.affinity.jobs.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a Parquet input given as a file, a directory, a glob or a date-partitioned tree. Hive-style
 * partitions ({@code dt=2026-01-01/}) are discovered by Spark; other nested layouts
 * ({@code 2026/01/01/}) are read with recursive file lookup.
 */
final class InputPaths {
  private InputPaths() {}

  static Dataset<Row> readParquet(SparkSession spark, String path, String what) {
    DataFrameReader reader = spark.read();
    if (needsRecursiveLookup(spark, path)) {
      reader = reader.option("recursiveFileLookup", "true");
    }
    try {
      return reader.parquet(path);
    } catch (Exception e) { // AnalysisException is checked in Java's eyes
      throw new IllegalArgumentException("cannot read " + what + " at " + path + ": "
          + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Reads the given files of the input at {@code root} (after {@link SchemaDrift} set some aside),
   * keeping partition columns ({@code date=...}) by using {@code root} as the base path.
   */
  static Dataset<Row> readParquetFiles(SparkSession spark, String root, java.util.List<String> files, String what) {
    DataFrameReader reader = spark.read();
    try {
      if (new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(new Path(root))
          .isDirectory()) {
        reader = reader.option("basePath", root);
      }
      return reader.parquet(files.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect input " + root, e);
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read " + what + " at " + root + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** True for a directory with no Parquet files at its top and sub-directories not named k=v. */
  private static boolean needsRecursiveLookup(SparkSession spark, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
        return false;
      }
      boolean hasFiles = false;
      boolean hasPlainDirs = false;
      for (FileStatus s : fs.listStatus(p)) {
        String name = s.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (s.isDirectory()) {
          hasPlainDirs |= !name.contains("=");
        } else {
          hasFiles = true;
        }
      }
      return !hasFiles && hasPlainDirs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect input " + path, e);
    }
  }

  static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse(s);
  }
}
