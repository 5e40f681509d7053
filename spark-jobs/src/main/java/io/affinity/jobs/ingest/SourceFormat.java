package io.affinity.jobs.ingest;

import java.io.Serializable;
import java.util.Locale;

/**
 * The format of a source log or item file: CSV (any single-character delimiter and quote, with or
 * without a header line), JSON lines, or Parquet. Serializable.
 *
 * @param kind {@code csv}, {@code json} or {@code parquet}
 * @param delimiter the CSV field delimiter
 * @param quote the CSV quote character, or 0 for none
 * @param header whether each CSV file starts with a header line naming the columns
 */
public record SourceFormat(String kind, char delimiter, char quote, boolean header) implements Serializable {
  /** Validates. */
  public SourceFormat {
    kind = kind.toLowerCase(Locale.ROOT);
    if (!kind.equals("csv") && !kind.equals("json") && !kind.equals("parquet")) {
      throw new IllegalArgumentException("unknown format '" + kind + "': csv, json or parquet");
    }
    if (delimiter == '\n' || delimiter == '\r' || (quote != 0 && quote == delimiter)) {
      throw new IllegalArgumentException("--delimiter '" + delimiter + "' must differ from the quote and a line end");
    }
  }

  /** JSON lines: one object per line. */
  public static SourceFormat json() {
    return new SourceFormat("json", ',', '"', false);
  }

  /** Parquet files. */
  public static SourceFormat parquet() {
    return new SourceFormat("parquet", ',', '"', false);
  }

  /** Whether the source is read as text lines (CSV or JSON lines). */
  boolean lines() {
    return !kind.equals("parquet");
  }

  /**
   * Parses a {@code --delimiter} or {@code --quote} value: one character, or {@code tab}, {@code \t},
   * {@code none} (quote only).
   */
  public static char character(String option, String value) {
    if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (value.equalsIgnoreCase("none") && option.equals("--quote")) {
      return 0;
    }
    if (value.length() != 1) {
      throw new IllegalArgumentException(option + " '" + value + "' must be one character (or tab"
          + (option.equals("--quote") ? ", none" : "") + ")");
    }
    return value.charAt(0);
  }
}
