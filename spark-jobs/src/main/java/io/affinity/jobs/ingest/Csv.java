package io.affinity.jobs.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits one RFC 4180 CSV line: quoted fields may hold commas and doubled quotes. */
final class Csv {
  private Csv() {}

  /**
   * Splits {@code line} on commas outside quotes.
   *
   * @return the fields, or null when a quote is left open
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
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
