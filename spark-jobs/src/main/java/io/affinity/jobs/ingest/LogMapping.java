package io.affinity.jobs.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which source columns become the interaction log's columns, and how values are read. Validated
 * on construction; serializable (Spark ships it to executors).
 *
 * @param user the user id column (required)
 * @param item the item id column (required)
 * @param weight the weight column, or null
 * @param eventType the event type column, or null
 * @param ts the event time column, or null (every event then gets the import's start time)
 * @param tsFormat how {@code ts} is written
 * @param eventWeights weight per event type for rows without a weight value (empty: none)
 * @param defaultWeight weight of rows whose type is not in {@code eventWeights} and that have no
 *     weight value, or null (then the train job's defaults per event type apply)
 */
public record LogMapping(String user, String item, String weight, String eventType, String ts,
    TimestampFormat tsFormat, Map<String, Double> eventWeights, Double defaultWeight) implements Serializable {

  /** Validates. */
  public LogMapping {
    require(user, "--user");
    require(item, "--item");
    Objects.requireNonNull(tsFormat, "tsFormat");
    eventWeights = Map.copyOf(Objects.requireNonNullElse(eventWeights, Map.of()));
    eventWeights.forEach((type, w) -> checkWeight("--event-weight " + type + "=" + w, w));
    if (defaultWeight != null) {
      checkWeight("--default-weight " + defaultWeight, defaultWeight);
    }
    if (!eventWeights.isEmpty() && eventType == null) {
      throw new IllegalArgumentException("--event-weight needs --event-type COL: which column holds the event type");
    }
  }

  /** Every mapped source column, by the option that named it, in option order. */
  public Map<String, String> columns() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--user", user);
    m.put("--item", item);
    if (weight != null) {
      m.put("--weight", weight);
    }
    if (eventType != null) {
      m.put("--event-type", eventType);
    }
    if (ts != null) {
      m.put("--ts", ts);
    }
    return m;
  }

  /** The source columns in {@link #columns()} order. */
  public List<String> sourceColumns() {
    return new ArrayList<>(columns().values());
  }

  private static void require(String col, String option) {
    if (col == null || col.isBlank()) {
      throw new IllegalArgumentException(option + " COL is required: the source column that holds it");
    }
  }

  private static void checkWeight(String what, double w) {
    if (!Double.isFinite(w) || w < 0) {
      throw new IllegalArgumentException(what + ": a weight must be a finite number >= 0");
    }
  }
}
