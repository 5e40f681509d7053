package io.affinity.store.read;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.StoreException;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.manifest.SpaceInfo;
import io.affinity.store.manifest.TableInfo;
import io.affinity.store.parquet.KnownItemsRow;
import io.affinity.store.parquet.PopularityRow;
import io.affinity.store.parquet.SnapshotTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A published, verified snapshot: its manifest and loaders for its tables.
 *
 * @param dir the snapshot's directory
 * @param manifest its manifest
 */
public record Snapshot(Path dir, Manifest manifest) {

  /** The snapshot id. */
  public String id() {
    return manifest.snapshotId();
  }

  /**
   * Loads the user ({@code users=true}) or item vectors of a space, checking every vector has the
   * dimension the manifest declares and the row count matches.
   *
   * @throws StoreException when the space or table is unknown
   * @throws CorruptSnapshotException when a vector or the row count contradicts the manifest
   */
  public VectorTable vectors(String space, boolean users) {
    SpaceInfo info = manifest.space(space).orElseThrow(() -> new StoreException(
        "snapshot " + id() + " has no space '" + space + "'"));
    String tableName = users ? info.userTable() : info.itemTable();
    if (tableName == null) {
      throw new StoreException("space '" + space + "' of snapshot " + id() + " has no user vectors");
    }
    TableInfo table = table(tableName);
    int dim = info.dimension();
    String sidecar = table.path() + io.affinity.store.parquet.VectorTableWriter.SIDECAR_SUFFIX;
    if (manifest.files().stream().anyMatch(f -> f.path().equals(sidecar))) {
      return fromSidecar(table, dim, List.of(dir.resolve(sidecar)));
    }
    List<Path> sidecarParts = manifest.files().stream().map(f -> f.path())
        .filter(f -> f.startsWith(sidecar + "/")).sorted().map(dir::resolve).toList();
    if (!sidecarParts.isEmpty()) {
      return fromSidecar(table, dim, sidecarParts);
    }
    List<String> ids = new ArrayList<>();
    FloatBuffer buf = new FloatBuffer(dim);
    SnapshotTables.forEachVector(dir.resolve(table.path()), row -> {
      if (row.vector().length != dim) {
        throw new CorruptSnapshotException("snapshot " + id() + ": vector of '" + row.id()
            + "' in " + tableName + " has dimension " + row.vector().length + ", manifest says " + dim);
      }
      ids.add(row.id());
      buf.add(row.vector());
    });
    if (ids.size() != table.rows()) {
      throw new CorruptSnapshotException("snapshot " + id() + ": table " + tableName + " has "
          + ids.size() + " rows, manifest says " + table.rows());
    }
    try {
      return new VectorTable(ids.toArray(String[]::new), buf.toArray(), dim);
    } catch (IllegalArgumentException e) {
      throw new CorruptSnapshotException("snapshot " + id() + ": table " + tableName + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Ids from the Parquet table, vectors from its raw float32 sidecar (see VectorTableWriter): one
   * file, or one file per Parquet part, concatenated in name order like the Parquet parts.
   */
  private VectorTable fromSidecar(TableInfo table, int dim, List<Path> sidecars) {
    List<String> ids = new ArrayList<>();
    SnapshotTables.forEachId(dir.resolve(table.path()), ids::add);
    if (ids.size() != table.rows()) {
      throw new CorruptSnapshotException("snapshot " + id() + ": table " + table.name() + " has "
          + ids.size() + " rows, manifest says " + table.rows());
    }
    if (sidecars.size() > 1) {
      int parquetParts = io.affinity.store.parquet.ParquetTableReader.parts(dir.resolve(table.path())).size();
      if (parquetParts != sidecars.size()) {
        throw new CorruptSnapshotException("snapshot " + id() + ": table " + table.name() + " has " + parquetParts
            + " Parquet parts and " + sidecars.size() + " float32 sidecar parts");
      }
    }
    long expected = (long) ids.size() * dim * 4;
    long total = 0;
    for (Path p : sidecars) {
      total += size(p);
    }
    if (total != expected) {
      throw new CorruptSnapshotException("snapshot " + id() + ": " + dir.relativize(sidecars.get(0))
          + (sidecars.size() > 1 ? " and the other sidecar parts have " : " has ") + total + " bytes, expected "
          + ids.size() + " rows x dimension " + dim + " x 4 bytes = " + expected
          + " (does the manifest's dimension match the data?)");
    }
    float[] data = new float[ids.size() * dim];
    int at = 0;
    for (Path p : sidecars) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) ch.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
          // read fully
        }
        buf.flip();
        int n = buf.remaining() / 4;
        buf.asFloatBuffer().get(data, at, n);
        at += n;
      } catch (java.io.IOException e) {
        throw new StoreException("cannot read " + p + ": " + e.getMessage(), e);
      }
    }
    try {
      return new VectorTable(ids.toArray(String[]::new), data, dim);
    } catch (IllegalArgumentException e) {
      throw new CorruptSnapshotException("snapshot " + id() + ": table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  private static long size(Path p) {
    try {
      return java.nio.file.Files.size(p);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Visits every popularity row. */
  public void forEachPopularity(Consumer<PopularityRow> visitor) {
    SnapshotTables.forEachPopularity(dir.resolve(table("popularity").path()), visitor);
  }

  /** Visits the item catalog's rows; nothing when the snapshot has no {@code catalog} table. */
  public void forEachCatalogItem(Consumer<io.affinity.store.log.CatalogItem> visitor) {
    manifest.table("catalog").ifPresent(t -> io.affinity.store.parquet.ParquetTableReader.forEach(
        dir.resolve(t.path()), g -> visitor.accept(new io.affinity.store.log.CatalogItem(g.getString("item_id", 0),
            g.getFieldRepetitionCount("title") > 0 ? g.getString("title", 0) : null,
            SnapshotTables.strings(g, "tags"),
            g.getFieldRepetitionCount("text") > 0 ? g.getString("text", 0) : null))));
  }

  /** Visits every known-items row. */
  public void forEachKnownItems(Consumer<KnownItemsRow> visitor) {
    SnapshotTables.forEachKnownItems(dir.resolve(table("known_items").path()), visitor);
  }

  /**
   * Visits every user's confidences (the summed event weights per known item, in the order of
   * that user's known-items row; see {@link io.affinity.store.layout.StoreLayout#CONFIDENCE_TABLE}).
   *
   * @return false when the snapshot has no such table (it predates it)
   */
  public boolean forEachConfidence(Consumer<io.affinity.store.parquet.VectorRow> visitor) {
    var t = manifest.table(io.affinity.store.layout.StoreLayout.CONFIDENCE_TABLE);
    t.ifPresent(info -> SnapshotTables.forEachVector(dir.resolve(info.path()), visitor));
    return t.isPresent();
  }

  private TableInfo table(String name) {
    return manifest.table(name).orElseThrow(() -> new CorruptSnapshotException(
        "snapshot " + id() + " has no table '" + name + "'"));
  }

  /** A growable float array, so loading does not box. */
  private static final class FloatBuffer {
    private float[] data;
    private int size;

    FloatBuffer(int dim) {
      data = new float[Math.max(dim, 1) * 1024];
    }

    void add(float[] v) {
      if (size + v.length > data.length) {
        data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + v.length));
      }
      System.arraycopy(v, 0, data, size, v.length);
      size += v.length;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(data, size);
    }
  }
}
