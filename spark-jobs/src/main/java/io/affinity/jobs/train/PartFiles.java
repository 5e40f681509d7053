package io.affinity.jobs.train;

import io.affinity.store.StoreFiles;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.publish.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a task's snapshot files go: the task writes them into a private local directory (under
 * Spark's per-executor files directory, on disk), checksums them there, then moves them into the
 * snapshot root, a {@code file:} directory (the staged snapshot: local mode, or a mount every node
 * shares) or any Hadoop file system URI (the store's {@code snapshots/ID} on S3 or HDFS). Only the
 * file list goes back to the driver. Serializable: it travels inside task closures.
 *
 * @param root the snapshot root URI
 * @param hadoop the driver's Hadoop settings (credentials and endpoints of {@code s3a://} stores)
 */
record PartFiles(String root, HashMap<String, String> hadoop) implements Serializable {

  /** The root URI of a local staged directory. */
  static String localRoot(Path dir) {
    return dir.toAbsolutePath().toUri().toString();
  }

  /** Copies the Hadoop settings of {@code conf} so executors can open the root's file system. */
  static PartFiles of(String root, Configuration conf) {
    HashMap<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      settings.put(e.getKey(), e.getValue());
    }
    return new PartFiles(root, settings);
  }

  /** True when the root is a local directory. */
  boolean isLocal() {
    return URI.create(root).getScheme() == null || "file".equals(URI.create(root).getScheme());
  }

  /** What one task writes: into {@code dir} (a fresh local directory), returning its row count. */
  @FunctionalInterface
  interface Writer extends Serializable {
    long write(Path dir) throws IOException;
  }

  /**
   * What a task wrote.
   *
   * @param rows rows written
   * @param files the files, relative to the snapshot root, with the checksums computed where
   *     they were written
   */
  record Written(long rows, ArrayList<FileEntry> files) implements Serializable {}

  /** Runs {@code writer} in a fresh local directory, then moves or uploads what it wrote. */
  Written write(String scratchBase, String label, Writer writer) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory(Paths.get(scratchBase), "affinity-" + label + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + scratchBase, e);
    }
    try {
      long rows = writer.write(scratch);
      ArrayList<FileEntry> files = new ArrayList<>();
      List<Path> paths;
      try (Stream<Path> s = Files.walk(scratch)) {
        paths = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path p : paths) {
        String rel = scratch.relativize(p).toString().replace('\\', '/');
        Checksums.Digests d = Checksums.both(p);
        files.add(new FileEntry(rel, Files.size(p), d.sha256(), d.crc32c()));
        put(p, rel);
      }
      return new Written(rows, files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + label + " into " + root + ": " + e.getMessage(), e);
    } finally {
      StoreFiles.deleteTree(scratch);
    }
  }

  private void put(Path from, String rel) throws IOException {
    if (isLocal()) {
      Path to = Paths.get(URI.create(root.endsWith("/") ? root : root + "/")).resolve(rel);
      Files.createDirectories(to.getParent());
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    Configuration conf = new Configuration(false);
    hadoop.forEach(conf::set);
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(root + "/" + rel);
    FileSystem fs = to.getFileSystem(conf);
    try (InputStream in = Files.newInputStream(from); OutputStream out = fs.create(to, true)) {
      in.transferTo(out);
    }
  }
}
