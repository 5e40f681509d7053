package io.affinity.store.parquet;

import io.affinity.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Fast readers for the two big tables a server loads (vectors, known items): they read the id
 * column and the list column straight from Parquet's column readers, without assembling a record
 * per row, which is about an order of magnitude faster than {@link ParquetTableReader}'s record
 * path for a million 64-float vectors. Tables whose schema is not the one
 * {@link SnapshotTables} writes ({@code id, list.element}) return false, and callers fall back to
 * the record path.
 */
final class ColumnarTables {
  private ColumnarTables() {}

  /** Visits {@code (id, float[] vector)} rows; false when the schema does not match. */
  static boolean forEachVector(Path table, Consumer<VectorRow> visitor) {
    return scan(table, PrimitiveTypeName.FLOAT, (id, cr, maxDef, total, read) -> {
      float[] buf = new float[16];
      int n = 0;
      do {
        if (cr.getCurrentDefinitionLevel() == maxDef) {
          if (n == buf.length) {
            buf = Arrays.copyOf(buf, n * 2);
          }
          buf[n++] = cr.getFloat();
        }
        cr.consume();
        read[0]++;
      } while (read[0] < total && cr.getCurrentRepetitionLevel() > 0);
      visitor.accept(new VectorRow(id, Arrays.copyOf(buf, n)));
    });
  }

  /** Visits {@code (id, List<String>)} rows (null elements skipped); false when the schema does not match. */
  static boolean forEachStringList(Path table, Consumer<KnownItemsRow> visitor) {
    return scan(table, PrimitiveTypeName.BINARY, (id, cr, maxDef, total, read) -> {
      List<String> items = new ArrayList<>();
      do {
        if (cr.getCurrentDefinitionLevel() == maxDef) {
          items.add(cr.getBinary().toStringUsingUTF8());
        }
        cr.consume();
        read[0]++;
      } while (read[0] < total && cr.getCurrentRepetitionLevel() > 0);
      visitor.accept(new KnownItemsRow(id, items));
    });
  }

  /**
   * Visits the ids (first column) of a vector table, reading that column alone (the vectors then
   * come from the float32 sidecar); false when the schema does not match.
   */
  static boolean forEachId(Path table, Consumer<String> visitor) {
    return scan(table, PrimitiveTypeName.FLOAT, null, visitor);
  }

  /** Reads one row's list values from {@code cr}, which is positioned on the row's first value. */
  private interface RowReader {
    void row(String id, ColumnReader cr, int maxDef, long total, long[] read);
  }

  private static boolean scan(Path table, PrimitiveTypeName elementType, RowReader rows) {
    return scan(table, elementType, rows, null);
  }

  /** With {@code rows} null, only the id column is read and each id goes to {@code idsOnly}. */
  private static boolean scan(Path table, PrimitiveTypeName elementType, RowReader rows, Consumer<String> idsOnly) {
    List<Path> parts = ParquetTableReader.parts(table);
    for (Path file : parts) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<ColumnDescriptor> cols = schema.getColumns();
        if (cols.size() != 2 || cols.get(0).getPath().length != 1 || cols.get(0).getMaxRepetitionLevel() != 0
            || cols.get(0).getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY
            || cols.get(1).getPath().length != 3 || cols.get(1).getMaxRepetitionLevel() != 1
            || cols.get(1).getPrimitiveType().getPrimitiveTypeName() != elementType) {
          if (file == parts.get(0)) {
            return false;
          }
          throw new StoreException("Parquet table " + table + ": part " + file.getFileName()
              + " has another schema than the first part: " + schema);
        }
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
          var store = new ColumnReadStoreImpl(pages, new GroupRecordConverter(schema).getRootConverter(), schema,
              createdBy);
          ColumnReader ids = store.getColumnReader(cols.get(0));
          if (rows == null) {
            for (long r = 0; r < pages.getRowCount(); r++) {
              idsOnly.accept(ids.getBinary().toStringUsingUTF8());
              ids.consume();
            }
            continue;
          }
          ColumnReader list = store.getColumnReader(cols.get(1));
          int idMaxDef = cols.get(0).getMaxDefinitionLevel();
          int maxDef = cols.get(1).getMaxDefinitionLevel();
          long total = list.getTotalValueCount();
          long[] read = {0};
          for (long r = 0; r < pages.getRowCount(); r++) {
            String id = ids.getCurrentDefinitionLevel() == idMaxDef ? ids.getBinary().toStringUsingUTF8() : null;
            ids.consume();
            if (read[0] >= total) {
              throw new StoreException("Parquet file " + file + " has fewer list values than rows");
            }
            rows.row(id, list, maxDef, total, read);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof StoreException se) {
          throw se;
        }
        throw new StoreException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
      }
    }
    return true;
  }
}
