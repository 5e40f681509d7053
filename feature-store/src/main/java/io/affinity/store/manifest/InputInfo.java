package io.affinity.store.manifest;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One input of the producing job and what happened to its rows.
 *
 * @param kind what the input is, e.g. {@code interactions} or {@code items}
 * @param path where it was read from, as given to the job
 * @param rowsRead rows read
 * @param rowsKept rows kept after validation
 * @param rowsDropped dropped rows by reason (e.g. {@code null_user_id}), sorted by reason
 */
public record InputInfo(
    String kind, String path, long rowsRead, long rowsKept, Map<String, Long> rowsDropped) {
  /** Validates counts and sorts the reasons. */
  public InputInfo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    if (rowsRead < 0 || rowsKept < 0 || rowsKept > rowsRead) {
      throw new IllegalArgumentException(
          "row counts must satisfy 0 <= rowsKept <= rowsRead, got read=" + rowsRead
              + " kept=" + rowsKept);
    }
    rowsDropped = new TreeMap<>(Objects.requireNonNullElse(rowsDropped, Map.of()));
  }
}
