package io.affinity.store.log;

import io.affinity.store.StoreException;
import io.affinity.store.parquet.ParquetTableWriter;
import io.affinity.store.parquet.RowEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows into a directory as {@code part-00000.parquet}, {@code part-00001.parquet}, ...,
 * starting a new part every {@code rowsPerPart} rows so Spark can read the parts in parallel.
 *
 * <p>Not thread-safe. The directory must not already hold parts.
 *
 * @param <T> the row type
 */
public final class PartitionedWriter<T> implements AutoCloseable {
  private final Path dir;
  private final MessageType schema;
  private final RowEncoder<T> encoder;
  private final long rowsPerPart;
  private ParquetTableWriter<T> current;
  private int parts;
  private long rows;

  /** Creates the directory (if needed) and prepares to write into it. */
  public PartitionedWriter(Path dir, MessageType schema, RowEncoder<T> encoder, long rowsPerPart) {
    if (rowsPerPart <= 0) {
      throw new IllegalArgumentException("rowsPerPart must be > 0, got " + rowsPerPart);
    }
    this.dir = dir;
    this.schema = schema;
    this.encoder = encoder;
    this.rowsPerPart = rowsPerPart;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** An interaction-log writer with 2M rows per part. */
  public static PartitionedWriter<Interaction> interactions(Path dir) {
    return new PartitionedWriter<>(dir, LogSchemas.INTERACTIONS, LogSchemas.INTERACTION_ENCODER, 2_000_000);
  }

  /** An item-catalog writer with 2M rows per part. */
  public static PartitionedWriter<CatalogItem> items(Path dir) {
    return new PartitionedWriter<>(dir, LogSchemas.ITEMS, LogSchemas.ITEM_ENCODER, 2_000_000);
  }

  /** Appends a row. */
  public void write(T row) {
    if (current == null || current.rows() >= rowsPerPart) {
      closeCurrent();
      current = ParquetTableWriter.create(
          dir.resolve(String.format(Locale.ROOT, "part-%05d.parquet", parts++)), schema, encoder);
    }
    current.write(row);
    rows++;
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() {
    if (current == null && parts == 0) {
      // An empty table still needs one (empty) file so readers see its schema.
      current = ParquetTableWriter.create(dir.resolve("part-00000.parquet"), schema, encoder);
    }
    closeCurrent();
  }
}
