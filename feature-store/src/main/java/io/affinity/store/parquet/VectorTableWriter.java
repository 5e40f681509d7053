package io.affinity.store.parquet;

import io.affinity.store.StoreException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a vector table twice in one pass: as Parquet ({@code DIR/part-00000.parquet}, the
 * interchange copy that Spark, notebooks and other tools read) and as a raw sidecar
 * {@code DIR.f32} (little-endian float32, row-major, same row order, no header) that servers read
 * at disk speed: decoding a million 64-float vectors from Parquet takes seconds, copying 256 MB
 * takes a fraction of one. Readers use the sidecar only when the manifest lists it, and check its
 * size against rows x dimension.
 *
 * <p>A table written in parts by several processes ({@link #part}) has one sidecar per Parquet part
 * instead: {@code DIR.f32/part-NNNNN.f32} next to {@code DIR/part-NNNNN.parquet}, same name, same
 * rows; readers concatenate the parts in name order, as they do the Parquet parts.
 */
public final class VectorTableWriter implements AutoCloseable {
  /** The sidecar's file-name suffix, appended to the table's directory path. */
  public static final String SIDECAR_SUFFIX = ".f32";
  private final ParquetTableWriter<VectorRow> parquet;
  private final OutputStream sidecar;
  private final ByteBuffer buf;
  private final int dim;

  /** Creates {@code tableDir} (if needed), its Parquet part and its sidecar. */
  public VectorTableWriter(Path tableDir, String idColumn, int dim) {
    this(tableDir.resolve("part-00000.parquet"), sidecarOf(tableDir), idColumn, dim);
  }

  private VectorTableWriter(Path parquetFile, Path sidecarFile, String idColumn, int dim) {
    this.dim = dim;
    try {
      Files.createDirectories(parquetFile.getParent());
      Files.createDirectories(sidecarFile.getParent());
      this.sidecar = new BufferedOutputStream(Files.newOutputStream(sidecarFile), 1 << 20);
    } catch (IOException e) {
      throw new StoreException("cannot create vector table part " + parquetFile + ": " + e.getMessage(), e);
    }
    this.parquet = SnapshotTables.vectorWriter(parquetFile, idColumn);
    this.buf = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Opens part {@code part} of a table written in parts: {@code tableDir/part-NNNNN.parquet} and
   * its sidecar {@code tableDir.f32/part-NNNNN.f32}.
   */
  public static VectorTableWriter part(Path tableDir, String idColumn, int dim, int part) {
    if (part < 0) {
      throw new IllegalArgumentException("part must be >= 0, got " + part);
    }
    String name = partName(part);
    return new VectorTableWriter(tableDir.resolve(name + ".parquet"), sidecarOf(tableDir).resolve(name + SIDECAR_SUFFIX),
        idColumn, dim);
  }

  /** The base name of part {@code part}: {@code part-NNNNN}. */
  public static String partName(int part) {
    return String.format(java.util.Locale.ROOT, "part-%05d", part);
  }

  /** The sidecar path of a table directory. */
  public static Path sidecarOf(Path tableDir) {
    return tableDir.resolveSibling(tableDir.getFileName() + SIDECAR_SUFFIX);
  }

  /**
   * Writes one row to both copies.
   *
   * @throws IllegalArgumentException when the vector's dimension is not the table's
   */
  public void write(VectorRow row) {
    if (row.vector().length != dim) {
      throw new IllegalArgumentException("vector of '" + row.id() + "' has dimension " + row.vector().length
          + ", table has " + dim);
    }
    parquet.write(row);
    buf.clear();
    for (float v : row.vector()) {
      buf.putFloat(v);
    }
    try {
      sidecar.write(buf.array(), 0, dim * 4);
    } catch (IOException e) {
      throw new StoreException("cannot write vector sidecar: " + e.getMessage(), e);
    }
  }

  /** Rows written so far. */
  public long rows() {
    return parquet.rows();
  }

  @Override
  public void close() {
    try {
      sidecar.close();
    } catch (IOException e) {
      throw new StoreException("cannot close vector sidecar: " + e.getMessage(), e);
    } finally {
      parquet.close();
    }
  }
}
