package io.affinity.jobs.eval;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A factor model's item vectors as the evaluation's tasks read them: {@code dim} floats per item
 * index, row-major, and which indices have a vector.
 *
 * <p>{@link #ship shipped} vectors never sit whole in the driver's heap: the driver streams the
 * model's item table to a local file one partition at a time (at most {@value #ROWS_PER_PART} rows),
 * registers it with {@code SparkContext.addFile}, and only this small handle travels in the
 * evaluation's broadcast. Each executor fetches the file once from the driver's file server (from
 * disk, not from the driver's heap) and loads it on the first task that needs it, once per JVM, as
 * a broadcast value would be. A broadcast of the matrix itself would keep it on the driver twice
 * (the object and its serialized blocks), a term that grows with the catalogue.
 *
 * <p>{@link #held Held} vectors are plain arrays, serialized with the handle (unit tests, small
 * in-memory uses).
 *
 * <p>Public for the train job's fold-in of evaluated users ({@code UserFoldIn}), which reads the
 * evaluated model's item vectors the same way.
 */
public final class ItemVectors implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Most item rows one partition brings to the driver while the file is written. */
  static final int ROWS_PER_PART = 8192;
  private static final int MAGIC = 0x41464956; // "AFIV"

  private final int numItems;
  private final int dim;
  /** The file's name for {@link SparkFiles#get}, or null when held. */
  private final String file;
  private final float[] heldData;
  private final boolean[] heldHas;
  /** The driver's copy of the file, emptied by {@link #release}; null on executors and when held. */
  private final transient Path local;
  private transient float[] data;
  private transient boolean[] has;

  private ItemVectors(int numItems, int dim, String file, float[] data, boolean[] has, Path local) {
    this.numItems = numItems;
    this.dim = dim;
    this.file = file;
    this.heldData = data;
    this.heldHas = has;
    this.local = local;
  }

  /** Vectors already in memory, serialized with the handle. */
  static ItemVectors held(float[] data, boolean[] has, int dim) {
    if ((long) has.length * dim != data.length) {
      throw new IllegalArgumentException("item vectors: " + data.length + " floats for " + has.length
          + " items of dimension " + dim);
    }
    return new ItemVectors(has.length, dim, null, data, has, null);
  }

  /**
   * Writes a model's item table ({@code id} int index, {@code features} float array) to a file that
   * every executor fetches from the driver, streaming it one partition at a time.
   *
   * @param model the model's name, for errors
   * @param items the item table
   * @param numItems the size of the item index
   * @throws IllegalArgumentException when an index is out of range or a vector's dimension differs
   */
  public static ItemVectors ship(String model, Dataset<Row> items, int numItems) {
    Dataset<Row> rows = items.select("id", "features");
    int parts = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (numItems + (long) ROWS_PER_PART - 1) / ROWS_PER_PART));
    JavaRDD<Row> rdd = rows.javaRDD();
    if (rdd.getNumPartitions() < parts) {
      // Bounds what one partition brings to the driver; the rows carry their index, so order is free.
      rdd = rows.repartition(parts).javaRDD();
    }
    Path local;
    try {
      local = Files.createTempFile("affinity-items-" + model.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file for model " + model + "'s item vectors", e);
    }
    local.toFile().deleteOnExit();
    int dim;
    boolean written = false;
    try {
      dim = write(model, rdd, numItems, local);
      written = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model " + model + "'s item vectors for the evaluation", e);
    } finally {
      if (!written) {
        local.toFile().delete(); // deleteOnExit stays registered if this fails
      }
    }
    JavaSparkContext.fromSparkContext(items.sparkSession().sparkContext()).addFile(local.toString());
    return new ItemVectors(numItems, dim, local.getFileName().toString(), null, null, local);
  }

  /** Streams the table into {@code file}: a header (magic, dim), then (index, dim floats) per row. */
  private static int write(String model, JavaRDD<Row> rdd, int numItems, Path file) throws IOException {
    int dim = -1;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      out.position(8);
      Iterator<Packed> blocks = rdd.mapPartitions(ItemVectors::pack).toLocalIterator();
      while (blocks.hasNext()) {
        Packed b = blocks.next();
        dim = dim < 0 ? b.dim() : dim;
        check(model, b, numItems, dim);
        ByteBuffer buf = ByteBuffer.allocate(b.ids().length * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
        for (int x = 0; x < b.ids().length; x++) {
          buf.putInt(b.ids()[x]);
          for (int d = 0; d < dim; d++) {
            buf.putFloat(b.data()[x * dim + d]);
          }
        }
        write(out, buf.flip());
      }
      dim = Math.max(dim, 0);
      if ((long) numItems * dim > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("model " + model + ": " + numItems + " items × " + dim
            + " floats do not fit one Java array");
      }
      write(out.position(0), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(dim).flip());
    }
    return dim;
  }

  private static void check(String model, Packed b, int numItems, int dim) {
    for (int i : b.ids()) {
      if (i < 0 || i >= numItems || b.dim() != dim) {
        throw new IllegalArgumentException("model " + model + ": item vector for index " + i
            + " is out of range or has dimension " + b.dim() + " (expected " + dim + ")");
      }
    }
  }

  private static void write(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  /** The vector dimension. */
  public int dim() {
    return dim;
  }

  /** The vectors, row-major, {@link #dim} floats per item index (zeros where an item has none). */
  public float[] data() {
    return heldData != null ? heldData : loaded().data;
  }

  /** Which item indices have a vector. */
  public boolean[] has() {
    return heldHas != null ? heldHas : loaded().has;
  }

  /** The driver's copy of a shipped file (emptied, not deleted, by {@link #release}), or null. */
  Path localFile() {
    return local;
  }

  /**
   * Empties the driver's copies of a shipped file when the evaluation is over. Not deleted: Spark
   * cannot withdraw an added file, and an executor that runs its first task later (a new one, or
   * one that ran no scoring task) fetches every file ever added, failing the task if the driver no
   * longer serves it. An empty file costs nothing to fetch; nothing reads it again.
   */
  public void release() {
    if (local != null) {
      for (Path p : new Path[] {local, Path.of(SparkFiles.get(file))}) {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
          c.truncate(0);
        } catch (java.nio.file.NoSuchFileException e) {
          // not fetched on the driver
        } catch (IOException | RuntimeException e) {
          System.err.println("warning: could not empty " + p + ": " + e.getMessage());
        }
      }
    }
  }

  /** Loads the shipped file once per deserialized handle, that is once per executor JVM. */
  private synchronized ItemVectors loaded() {
    if (data == null) {
      float[] d = new float[numItems * dim];
      boolean[] h = new boolean[numItems];
      Path p = Path.of(SparkFiles.get(file));
      try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer buf = in.map(FileChannel.MapMode.READ_ONLY, 0, in.size()).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC || buf.getInt() != dim) {
          throw new IllegalStateException("item vector file " + p + " is not the one the driver wrote");
        }
        while (buf.hasRemaining()) {
          int i = buf.getInt();
          h[i] = true;
          buf.asFloatBuffer().get(d, i * dim, dim);
          buf.position(buf.position() + 4 * dim);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read item vector file " + p, e);
      }
      has = h;
      data = d;
    }
    return this;
  }

  /** One partition's item vectors: ids and row-major floats of one dimension. */
  private record Packed(int[] ids, float[] data, int dim) implements Serializable {}

  /**
   * Packs a partition's {@code (id, features)} rows; a row whose dimension differs from the first
   * goes in a one-row block of its own, so the driver reports it.
   */
  private static Iterator<Packed> pack(Iterator<Row> rows) {
    List<Packed> out = new ArrayList<>();
    int[] ids = new int[256];
    float[] data = null;
    int n = 0;
    int dim = -1;
    while (rows.hasNext()) {
      Row r = rows.next();
      float[] f = io.affinity.jobs.util.SparkArrays.floats(r.get(1));
      if (dim < 0) {
        dim = f.length;
        data = new float[256 * dim];
      }
      if (f.length != dim) {
        out.add(new Packed(new int[] {r.getInt(0)}, f, f.length));
        continue;
      }
      if (n == ids.length) {
        ids = java.util.Arrays.copyOf(ids, n * 2);
        data = java.util.Arrays.copyOf(data, n * 2 * dim);
      }
      ids[n] = r.getInt(0);
      System.arraycopy(f, 0, data, n * dim, dim);
      n++;
    }
    if (n > 0) {
      out.add(0, new Packed(java.util.Arrays.copyOf(ids, n), java.util.Arrays.copyOf(data, n * dim), dim));
    }
    return out.iterator();
  }
}
