package io.affinity.jobs.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a source record ({@link SourceReader#RECORDS}) into an interaction-log row or the reason
 * it is rejected, checked in this order: the reader's problem (an open quote, too few fields, bad
 * JSON), {@code empty_user}, {@code empty_item}, {@code bad_weight} (not a number, NaN, infinite
 * or negative), {@code missing_ts}, {@code bad_timestamp} (does not fit {@code --ts-format}). The
 * MovieLens importer's ratings follow the same rules. Serializable.
 */
final class RecordParser implements Serializable {
  /** The parsed rows: the log's columns with {@code ts} in epoch microseconds, and where each came from. */
  static final StructType PARSED = new StructType().add("user_id", DataTypes.StringType)
      .add("item_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
      .add("weight", DataTypes.DoubleType).add("ts_us", DataTypes.LongType).add("reason", DataTypes.StringType)
      .add("file", DataTypes.StringType).add("line", DataTypes.LongType).add("raw", DataTypes.StringType);

  private final LogMapping mapping;
  private final int weightAt;
  private final int typeAt;
  private final int tsAt;
  private final TimestampFormat tsFormat;
  private final long defaultMicros;

  /**
   * A parser of records read with {@code mapping.sourceColumns()}.
   *
   * @param epochMicros positions whose values are already epoch microseconds (Parquet timestamps)
   * @param defaultMicros the time of every event when the mapping has no {@code --ts}
   */
  RecordParser(LogMapping mapping, Set<Integer> epochMicros, long defaultMicros) {
    this.mapping = mapping;
    List<String> keys = List.copyOf(mapping.columns().keySet());
    this.weightAt = keys.indexOf("--weight");
    this.typeAt = keys.indexOf("--event-type");
    this.tsAt = keys.indexOf("--ts");
    this.tsFormat = tsAt >= 0 && epochMicros.contains(tsAt) ? new TimestampFormat("epoch-us") : mapping.tsFormat();
    this.defaultMicros = defaultMicros;
  }

  /** Parses one record. */
  Row parse(Row record) {
    String file = record.getString(0);
    Long line = record.isNullAt(1) ? null : record.getLong(1);
    String raw = record.getString(2);
    if (!record.isNullAt(3)) {
      return rejected(record.getString(3), file, line, raw);
    }
    List<String> v = record.getList(4);
    String user = trim(v.get(0));
    String item = trim(v.get(1));
    if (user == null) {
      return rejected("empty_user", file, line, raw);
    }
    if (item == null) {
      return rejected("empty_item", file, line, raw);
    }
    String type = typeAt >= 0 ? trim(v.get(typeAt)) : null;
    Double weight = null;
    String w = weightAt >= 0 ? trim(v.get(weightAt)) : null;
    if (w != null) {
      weight = weight(w);
      if (weight == null) {
        return rejected("bad_weight", file, line, raw);
      }
    } else if (type != null && mapping.eventWeights().containsKey(type)) {
      weight = mapping.eventWeights().get(type);
    } else {
      weight = mapping.defaultWeight();
    }
    Long ts = defaultMicros;
    if (tsAt >= 0) {
      String t = trim(v.get(tsAt));
      if (t == null) {
        return rejected("missing_ts", file, line, raw);
      }
      ts = tsFormat.micros(t);
      if (ts == null) {
        return rejected("bad_timestamp", file, line, raw);
      }
    }
    return RowFactory.create(user, item, type, weight, ts, null, file, line, raw);
  }

  private static Row rejected(String reason, String file, Long line, String raw) {
    return RowFactory.create(null, null, null, null, null, reason, file, line, raw);
  }

  private static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }

  /** A weight: a finite number >= 0, else null. */
  static Double weight(String s) {
    try {
      double d = Double.parseDouble(s.trim());
      return Double.isFinite(d) && d >= 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
