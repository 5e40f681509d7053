package io.affinity.jobs.util;

import org.apache.spark.sql.SparkSession;

/** The jobs' own {@code spark.affinity.*} settings, read and checked in one way. */
public final class SparkSettings {
  private SparkSettings() {}

  /**
   * A positive whole-number setting from the session's configuration ({@code --conf} at submit,
   * {@code -D} under bin/affinity, or {@code spark.conf().set} at run time).
   *
   * @param name the setting
   * @param fallback the value when it is not set
   * @param max the largest value accepted
   * @throws IllegalArgumentException naming the setting and the bad value
   */
  public static long positive(SparkSession spark, String name, long fallback, long max) {
    String set = spark.conf().get(name, null);
    if (set == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(set.trim());
      if (v >= 1 && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be an integer from 1 to " + max + ", got '" + set + "'");
  }
}
