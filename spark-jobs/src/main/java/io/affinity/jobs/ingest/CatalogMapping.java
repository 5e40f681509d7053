package io.affinity.jobs.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of an item file become the catalogue's columns. Serializable.
 *
 * @param source the item file, directory or glob (same format as the log)
 * @param itemId the item id column (required)
 * @param title the title column, or null
 * @param tags the tags column, or null
 * @param tagsSeparator what separates tags in a text tags column (a JSON or Parquet array needs none)
 * @param text the free-text column, or null
 */
public record CatalogMapping(String source, String itemId, String title, String tags, String tagsSeparator,
    String text) implements Serializable {
  /** Validates. */
  public CatalogMapping {
    if (itemId == null || itemId.isBlank()) {
      throw new IllegalArgumentException("--items needs --item-id COL: the column of the item file that holds the id");
    }
    if (tagsSeparator == null || tagsSeparator.isEmpty()) {
      throw new IllegalArgumentException("--tags-separator must not be empty");
    }
  }

  /** Every mapped column by the option that named it. */
  public Map<String, String> columns() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--item-id", itemId);
    if (title != null) {
      m.put("--title", title);
    }
    if (tags != null) {
      m.put("--tags", tags);
    }
    if (text != null) {
      m.put("--text", text);
    }
    return m;
  }

  /** The source columns in {@link #columns()} order. */
  public List<String> sourceColumns() {
    return new ArrayList<>(columns().values());
  }
}
