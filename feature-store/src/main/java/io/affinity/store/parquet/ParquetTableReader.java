package io.affinity.store.parquet;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the records of a Parquet table (a single file, or a directory of part files) without
 * Spark. Part files are read in name order, so the record order is deterministic.
 */
public final class ParquetTableReader {
  private ParquetTableReader() {}

  /** Lists the {@code .parquet} files of a table directory in name order (a file lists itself). */
  public static List<Path> parts(Path table) {
    if (Files.isRegularFile(table)) {
      return List.of(table);
    }
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list Parquet table " + table + ": " + e.getMessage(), e);
    }
  }

  /** Returns the schema of one Parquet file. */
  public static MessageType schema(Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot read Parquet footer of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Calls {@code visitor} with every record of every part of {@code table}.
   *
   * @return the number of records visited
   * @throws StoreException when a file is not valid Parquet
   */
  public static long forEach(Path table, Consumer<Group> visitor) {
    long n = 0;
    for (Path file : parts(table)) {
      n += forEachInFile(file, visitor);
    }
    return n;
  }

  /** Reads all records of a table into memory; for small tables and tests. */
  public static List<Group> readAll(Path table) {
    List<Group> out = new ArrayList<>();
    forEach(table, out::add);
    return out;
  }

  private static long forEachInFile(Path file, Consumer<Group> visitor) {
    long n = 0;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        long count = pages.getRowCount();
        for (long i = 0; i < count; i++) {
          visitor.accept(records.read());
          n++;
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
    return n;
  }
}
