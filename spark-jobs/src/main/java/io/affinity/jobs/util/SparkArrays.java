package io.affinity.jobs.util;

/** Reading array columns out of Spark rows without boxing assumptions. */
public final class SparkArrays {
  private SparkArrays() {}

  /**
   * An {@code array<float>} (or any numeric array) column's values: a Scala sequence when Spark
   * decoded the row, or the {@code float[]} itself when the rows came from {@code createDataFrame}
   * over Java rows and Spark passed them through (the cold-item protocol's random vectors).
   */
  public static float[] floats(Object value) {
    if (value instanceof float[] a) {
      return a.clone();
    }
    scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
    float[] v = new float[seq.length()];
    for (int d = 0; d < v.length; d++) {
      v[d] = ((Number) seq.apply(d)).floatValue();
    }
    return v;
  }

  /** An {@code array<int>} column's values as {@link org.apache.spark.sql.Row#getList} returns them. */
  public static int[] ints(java.util.List<? extends Number> list) {
    int[] out = new int[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d).intValue();
    }
    return out;
  }

  /** An {@code array<bigint>} column's values as {@link org.apache.spark.sql.Row#getList} returns them. */
  public static long[] longs(java.util.List<? extends Number> list) {
    long[] out = new long[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d).longValue();
    }
    return out;
  }

  /** An {@code array<float>} column's values as {@link org.apache.spark.sql.Row#getList} returns them. */
  public static float[] floats(java.util.List<? extends Number> list) {
    float[] out = new float[list.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = list.get(d).floatValue();
    }
    return out;
  }
}
