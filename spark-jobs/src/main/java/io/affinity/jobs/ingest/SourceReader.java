package io.affinity.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Tuple2;

/**
 * Reads a source (files, directories, globs; local or any Hadoop file system; {@code .gz} and the
 * other Hadoop codecs) into records, in executors: {@code file, line, raw, problem, v} where
 * {@code v} holds the mapped columns' values as text, in the order asked for. Text lines keep
 * their 1-based line number within their file (a first pass counts the lines of each split, so
 * a split's first line knows its number), so a rejected line can be found again; Parquet rows
 * have no line. {@code problem} names what made a record unreadable (an open quote, too few
 * fields, bad JSON), else null.
 *
 * <p>The mapped columns are checked before any data is read: against each CSV file's header (or
 * the first line's field count without one), the first JSON object, or the Parquet schema. A
 * missing one fails with {@link IllegalArgumentException} naming it and listing the columns found.
 *
 * <p>A CSV field cannot span lines (a quote left open at the line's end rejects the line). JSON
 * arrays and Parquet arrays are joined with {@link #LIST_SEPARATOR}; a timestamp-typed Parquet
 * column is given as epoch microseconds.
 */
final class SourceReader {
  /** Joins the elements of an array value (JSON, Parquet) in {@code v}. */
  static final String LIST_SEPARATOR = "\u001f";
  /** The records' schema. */
  static final StructType RECORDS = new StructType().add("file", DataTypes.StringType)
      .add("line", DataTypes.LongType).add("raw", DataTypes.StringType).add("problem", DataTypes.StringType)
      .add("v", DataTypes.createArrayType(DataTypes.StringType));
  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceReader() {}

  /**
   * What was read.
   *
   * @param records the records
   * @param epochMicros positions in {@code v} whose values are epoch microseconds (Parquet timestamps)
   */
  record Read(Dataset<Row> records, java.util.Set<Integer> epochMicros) {}

  static Read read(SparkSession spark, String source, SourceFormat format, List<String> columns, String what) {
    List<String> files = files(spark.sparkContext().hadoopConfiguration(), source, what);
    if (format.kind().equals("parquet")) {
      return parquet(spark, files, columns, what);
    }
    return new Read(lines(spark, files, format, columns, what), java.util.Set.of());
  }

  /** The data files of {@code source}: a file, a directory (recursively) or a glob; hidden files skipped. */
  static List<String> files(Configuration conf, String source, String what) {
    try {
      Path p = new Path(source);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matched = fs.globStatus(p);
      List<String> out = new ArrayList<>();
      if (matched != null) {
        for (FileStatus s : matched) {
          if (s.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              if (!hidden(s.getPath(), f.getPath())) {
                out.add(f.getPath().toString());
              }
            }
          } else if (!hidden(s.getPath().getParent(), s.getPath())) {
            out.add(s.getPath().toString());
          }
        }
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(what + " " + source + ": no such file, or no data file in it");
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + what + " " + source + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Dataset<Row> lines(SparkSession spark, List<String> files, SourceFormat format, List<String> columns,
      String what) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, int[]> positions = new HashMap<>();
    for (String f : files) {
      positions.put(new Path(f).toUri().getPath(), positions(conf, f, format, columns, what));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> text = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
        String.join(",", files), TextInputFormat.class, LongWritable.class, Text.class, new Configuration(conf));
    // Pass 1: lines per split, so each split knows the number of its first line.
    List<Tuple2<String, Long>> counts = text.mapPartitionsWithInputSplit((split, it) -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      FileSplit fs = (FileSplit) split;
      return List.of(new Tuple2<>(fs.getPath().toUri().getPath() + "@" + fs.getStart(), n)).iterator();
    }, false).collect();
    Map<String, Long> firstLine = firstLines(counts);
    Broadcast<Map<String, Long>> first = jsc.broadcast(firstLine);
    Broadcast<Map<String, int[]>> pos = jsc.broadcast(positions);
    JavaRDD<Row> rows = text.mapPartitionsWithInputSplit((split, it) -> {
      FileSplit fs = (FileSplit) split;
      String file = fs.getPath().toUri().getPath();
      long before = first.value().get(file + "@" + fs.getStart());
      int[] at = pos.value().get(file);
      return new Iterator<Row>() { // lazy: a split's lines are never all in memory at once
        private long line = before;
        private Row next = advance();

        private Row advance() {
          while (it.hasNext()) {
            String raw = it.next()._2().toString();
            line++;
            if ((format.header() && line == 1) || raw.isBlank()) {
              continue;
            }
            return format.kind().equals("json") ? jsonRecord(file, line, raw, columns)
                : csvRecord(file, line, raw, format, at);
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Row next() {
          if (next == null) {
            throw new java.util.NoSuchElementException();
          }
          Row r = next;
          next = advance();
          return r;
        }
      };
    }, false);
    return spark.createDataFrame(rows, RECORDS);
  }

  /** The number of the line before each split's first: the lines of the same file's earlier splits. */
  static Map<String, Long> firstLines(List<Tuple2<String, Long>> counts) {
    List<Tuple2<String, Long>> sorted = new ArrayList<>(counts);
    sorted.sort((a, b) -> {
      int at = a._1().lastIndexOf('@');
      int bt = b._1().lastIndexOf('@');
      int c = a._1().substring(0, at).compareTo(b._1().substring(0, bt));
      return c != 0 ? c : Long.compare(Long.parseLong(a._1().substring(at + 1)),
          Long.parseLong(b._1().substring(bt + 1)));
    });
    Map<String, Long> out = new HashMap<>();
    String file = null;
    long seen = 0;
    for (Tuple2<String, Long> t : sorted) {
      String f = t._1().substring(0, t._1().lastIndexOf('@'));
      if (!f.equals(file)) {
        file = f;
        seen = 0;
      }
      out.put(t._1(), seen);
      seen += t._2();
    }
    return out;
  }

  private static Row csvRecord(String file, long line, String raw, SourceFormat format, int[] at) {
    List<String> f = Csv.split(raw, format.delimiter(), format.quote());
    if (f == null) {
      return RowFactory.create(file, line, raw, "unbalanced_quotes", null);
    }
    int need = at[at.length - 1];
    if (f.size() < need) {
      return RowFactory.create(file, line, raw, "expected_" + need + "_fields_got_" + f.size(), null);
    }
    String[] v = new String[at.length - 1];
    for (int x = 0; x < v.length; x++) {
      v[x] = f.get(at[x]);
    }
    return RowFactory.create(file, line, raw, null, v);
  }

  private static Row jsonRecord(String file, long line, String raw, List<String> columns) {
    JsonNode node;
    try {
      node = JSON.readTree(raw);
    } catch (IOException e) {
      return RowFactory.create(file, line, raw, "bad_json", null);
    }
    if (node == null || !node.isObject()) {
      return RowFactory.create(file, line, raw, "not_a_json_object", null);
    }
    String[] v = new String[columns.size()];
    for (int x = 0; x < v.length; x++) {
      v[x] = text(at(node, columns.get(x)));
    }
    return RowFactory.create(file, line, raw, null, v);
  }

  private static JsonNode at(JsonNode node, String path) {
    JsonNode n = node.get(path);
    if (n != null || path.indexOf('.') < 0) {
      return n;
    }
    n = node;
    for (String part : path.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n;
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.toString()));
      return String.join(LIST_SEPARATOR, parts);
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  /**
   * Where each mapped column is in {@code file}'s lines, plus (last) the field count a line needs;
   * for JSON only checks the first object. Reads the file's first line only.
   */
  private static int[] positions(Configuration conf, String file, SourceFormat format, List<String> columns,
      String what) {
    String first = firstLine(conf, file);
    if (first == null) {
      return format.kind().equals("json") ? new int[0] : new int[columns.size() + 1];
    }
    if (format.kind().equals("json")) {
      JsonNode node;
      try {
        node = JSON.readTree(first);
      } catch (IOException e) {
        throw new IllegalArgumentException(what + " " + file + ": the first line is not JSON: " + e.getMessage(), e);
      }
      List<String> found = new ArrayList<>();
      node.fieldNames().forEachRemaining(found::add);
      for (String c : columns) {
        if (at(node, c) == null) {
          throw missing(what, file, c, found);
        }
      }
      return new int[0];
    }
    List<String> header = Csv.split(first, format.delimiter(), format.quote());
    if (header == null) {
      throw new IllegalArgumentException(what + " " + file + ": the first line has an open quote: " + first);
    }
    List<String> names = new ArrayList<>();
    for (int x = 0; x < header.size(); x++) {
      names.add(format.header() ? header.get(x).trim() : "_c" + x);
    }
    int[] at = new int[columns.size() + 1];
    int need = 0;
    for (int x = 0; x < columns.size(); x++) {
      String c = columns.get(x);
      int i = names.indexOf(c);
      if (i < 0 && !format.header() && c.matches("\\d+")) {
        i = Integer.parseInt(c) < names.size() ? Integer.parseInt(c) : -1;
      }
      if (i < 0) {
        throw missing(what, file, c, names);
      }
      at[x] = i;
      need = Math.max(need, i + 1);
    }
    at[columns.size()] = need;
    return at;
  }

  private static IllegalArgumentException missing(String what, String file, String column, List<String> found) {
    return new IllegalArgumentException(what + " " + file + ": no column '" + column + "'; found " + found);
  }

  /** The first line of a (possibly compressed) text file, or null when it is empty. */
  private static String firstLine(Configuration conf, String file) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
      try (InputStream raw = fs.open(p);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        if (line != null && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        return line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Read parquet(SparkSession spark, List<String> files, List<String> columns, String what) {
    Dataset<Row> df = spark.read().parquet(files.toArray(String[]::new));
    StructType schema = df.schema();
    List<String> found = List.of(schema.fieldNames());
    List<Column> values = new ArrayList<>();
    java.util.Set<Integer> micros = new java.util.HashSet<>();
    for (int x = 0; x < columns.size(); x++) {
      String c = columns.get(x);
      DataType type;
      try {
        type = df.select(col(c)).schema().fields()[0].dataType();
      } catch (Exception e) { // AnalysisException, which Scala does not declare
        throw missing(what, files.get(0), c, found);
      }
      if (type instanceof TimestampType || type instanceof TimestampNTZType) {
        values.add(unix_micros(col(c).cast(DataTypes.TimestampType)).cast(DataTypes.StringType));
        micros.add(x);
      } else if (type instanceof ArrayType) {
        values.add(array_join(col(c).cast(DataTypes.createArrayType(DataTypes.StringType)), LIST_SEPARATOR));
      } else {
        values.add(col(c).cast(DataTypes.StringType));
      }
    }
    Column[] all = java.util.Arrays.stream(schema.fieldNames()).map(n -> col("`" + n + "`")).toArray(Column[]::new);
    Dataset<Row> records = df.select(input_file_name().as("file"), lit(null).cast(DataTypes.LongType).as("line"),
        to_json(struct(all)).as("raw"), lit(null).cast(DataTypes.StringType).as("problem"),
        array(values.toArray(Column[]::new)).as("v"));
    return new Read(records, micros);
  }

}
