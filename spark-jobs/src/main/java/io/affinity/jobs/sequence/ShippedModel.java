package io.affinity.jobs.sequence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A model directory (a TensorFlow SavedModel and its side files) sent from the driver to the
 * executors as bytes, so that no executor depends on the driver's disk: the driver zips the
 * directory into a broadcast; each executor JVM unpacks it once into its own temporary directory
 * and loads it once ({@link ExecutorModels}), keyed by the model's name and checksum.
 * {@link #release} frees the model where this JVM loaded it, asks the executors to free theirs
 * (best effort: one small task per core), and destroys the broadcast.
 *
 * <p>Serializable: tasks capture it; only the broadcast handle travels with them.
 */
public final class ShippedModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final Broadcast<byte[]> zip;

  private ShippedModel(String key, Broadcast<byte[]> zip) {
    this.key = key;
    this.zip = zip;
  }

  /**
   * Zips {@code dir} and broadcasts it.
   *
   * @param name a short label for logs and temporary directories, e.g. {@code sequence}
   */
  public static ShippedModel ship(SparkSession spark, Path dir, String name) {
    byte[] bytes = zip(dir);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    String key = name + "-" + Long.toHexString(crc.getValue()) + "-" + bytes.length;
    return new ShippedModel(key, JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes));
  }

  /** The executor-side model: unpacked and loaded on first use in this JVM, shared afterwards. */
  <M extends AutoCloseable> M load(Function<Path, M> loader) {
    return ExecutorModels.get(key, k -> {
      Path dir = unzip(zip.value(), key);
      M model = loader.apply(dir);
      return new ExecutorModels.Loaded<>(model, dir);
    });
  }

  /** Bytes shipped. */
  public long size() {
    return zip.value().length;
  }

  /** Frees the model in this JVM and (best effort) in the executors, then the broadcast. */
  public void release(SparkSession spark) {
    ExecutorModels.release(key);
    if (!spark.sparkContext().isLocal()) {
      String k = key;
      int slots = Math.max(1, spark.sparkContext().defaultParallelism());
      spark.sparkContext().setJobDescription("release model " + key + " in the executors");
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(java.util.Collections.nCopies(2 * slots, 0),
          2 * slots).foreachPartition(it -> ExecutorModels.release(k));
      spark.sparkContext().setJobDescription(null);
    }
    zip.destroy();
  }

  static byte[] zip(Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out); Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, z);
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack model directory " + dir, e);
    }
    return out.toByteArray();
  }

  static Path unzip(byte[] bytes, String label) {
    try {
      Path dir = Files.createTempDirectory("affinity-model-" + label);
      try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
          Path target = dir.resolve(e.getName()).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("model entry " + e.getName() + " leaves its directory");
          }
          Files.createDirectories(target.getParent());
          Files.copy(z, target);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack model " + label + " on this executor", e);
    }
  }
}
