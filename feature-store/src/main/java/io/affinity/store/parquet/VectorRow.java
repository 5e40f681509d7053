package io.affinity.store.parquet;

import java.util.Objects;

/**
 * One row of a vector table: an id and its vector.
 *
 * @param id the user or item id
 * @param vector the vector; not copied, callers must not mutate it after handing it over
 */
public record VectorRow(String id, float[] vector) {
  /** Requires both fields. */
  public VectorRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vector, "vector");
  }
}
