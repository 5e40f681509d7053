package io.affinity.store.parquet;

import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes the fields of one row to a Parquet {@link RecordConsumer}; the caller has already called
 * {@code startMessage} and will call {@code endMessage}.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface RowEncoder<T> {
  /** Writes {@code row}'s fields. */
  void encode(T row, RecordConsumer out);
}
