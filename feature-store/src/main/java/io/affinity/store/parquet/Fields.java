package io.affinity.store.parquet;

import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Helpers for {@link RowEncoder}s: write one field of a given type at a given index, skipping
 * nulls (a skipped optional field is how Parquet stores null).
 */
public final class Fields {
  private Fields() {}

  /** Writes a STRING field unless {@code value} is null. */
  public static void string(RecordConsumer out, String name, int index, String value) {
    if (value == null) {
      return;
    }
    out.startField(name, index);
    out.addBinary(Binary.fromString(value));
    out.endField(name, index);
  }

  /** Writes an INT64 field. */
  public static void int64(RecordConsumer out, String name, int index, long value) {
    out.startField(name, index);
    out.addLong(value);
    out.endField(name, index);
  }

  /** Writes a DOUBLE field unless {@code value} is null. */
  public static void float64(RecordConsumer out, String name, int index, Double value) {
    if (value == null) {
      return;
    }
    out.startField(name, index);
    out.addDouble(value);
    out.endField(name, index);
  }

  /** Writes a 3-level LIST of FLOAT (Spark's {@code array<float>}) unless null. */
  public static void floatList(RecordConsumer out, String name, int index, float[] values) {
    if (values == null) {
      return;
    }
    out.startField(name, index);
    out.startGroup();
    if (values.length > 0) {
      out.startField("list", 0);
      for (float v : values) {
        out.startGroup();
        out.startField("element", 0);
        out.addFloat(v);
        out.endField("element", 0);
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
    out.endField(name, index);
  }

  /** Writes a 3-level LIST of STRING (Spark's {@code array<string>}) unless null. */
  public static void stringList(RecordConsumer out, String name, int index, List<String> values) {
    if (values == null) {
      return;
    }
    out.startField(name, index);
    out.startGroup();
    if (!values.isEmpty()) {
      out.startField("list", 0);
      for (String v : values) {
        out.startGroup();
        if (v != null) {
          out.startField("element", 0);
          out.addBinary(Binary.fromString(v));
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
    out.endField(name, index);
  }
}
