package io.affinity.jobs.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one delimited text line (RFC 4180 by default): quoted fields may hold the delimiter and
 * doubled quotes. The MovieLens importer and the generic {@code import csv} share it.
 */
final class Csv {
  private Csv() {}

  /**
   * Splits {@code line} on commas outside double quotes.
   *
   * @return the fields, or null when a quote is left open
   */
  static List<String> split(String line) {
    return split(line, ',', '"');
  }

  /**
   * Splits {@code line} on {@code delimiter} outside {@code quote}s; a doubled quote inside a quoted
   * field is one quote character. {@code quote} 0 turns quoting off.
   *
   * @return the fields, or null when a quote is left open
   */
  static List<String> split(String line, char delimiter, char quote) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == quote) {
          if (i + 1 < line.length() && line.charAt(i + 1) == quote) {
            field.append(quote);
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (quote != 0 && c == quote) {
        quoted = true;
      } else if (c == delimiter) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString());
    return out;
  }
}
