package io.affinity.store.parquet;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Streams rows into one Parquet file (Snappy-compressed) through a {@link RowEncoder}.
 *
 * <p>Not thread-safe. Close it to finish the file; a writer that is not closed leaves a file
 * without a footer, which every reader refuses.
 *
 * @param <T> the row type
 */
public final class ParquetTableWriter<T> implements AutoCloseable {
  private final ParquetWriter<T> writer;
  private final Path file;
  private long rows;

  private ParquetTableWriter(ParquetWriter<T> writer, Path file) {
    this.writer = writer;
    this.file = file;
  }

  /**
   * Opens a writer that creates {@code file} (which must not exist).
   *
   * @throws StoreException when the file cannot be created
   */
  public static <T> ParquetTableWriter<T> create(Path file, MessageType schema, RowEncoder<T> encoder) {
    try {
      ParquetWriter<T> w = new Builder<>(new LocalOutputFile(file), schema, encoder)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.CREATE)
          .withDictionaryEncoding(true)
          .build();
      return new ParquetTableWriter<>(w, file);
    } catch (IOException e) {
      throw new StoreException("cannot create Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one row. */
  public void write(T row) {
    try {
      writer.write(row);
      rows++;
    } catch (IOException e) {
      throw new StoreException("cannot write to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new StoreException("cannot finish Parquet file " + file + ": " + e.getMessage(), e);
    }
  }

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final MessageType schema;
    private final RowEncoder<T> encoder;

    Builder(OutputFile file, MessageType schema, RowEncoder<T> encoder) {
      super(file);
      this.schema = schema;
      this.encoder = encoder;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return new EncoderWriteSupport<>(schema, encoder);
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return new EncoderWriteSupport<>(schema, encoder);
    }
  }

  private static final class EncoderWriteSupport<T> extends WriteSupport<T> {
    private final MessageType schema;
    private final RowEncoder<T> encoder;
    private RecordConsumer consumer;

    EncoderWriteSupport(MessageType schema, RowEncoder<T> encoder) {
      this.schema = schema;
      this.encoder = encoder;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(T record) {
      consumer.startMessage();
      encoder.encode(record, consumer);
      consumer.endMessage();
    }
  }
}
