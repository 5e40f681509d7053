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
}
