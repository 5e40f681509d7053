package io.affinity.store.read;

import io.affinity.store.CorruptSnapshotException;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.FileEntry;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.publish.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a snapshot directory against its manifest: every listed file exists with the listed size
 * and checksum (CRC32C, or SHA-256 for manifests without CRC32C), no unlisted file is present, and every table and space the manifest names has its
 * directory. Used by the publisher before a snapshot becomes visible and by readers before one is
 * served.
 */
public final class SnapshotVerifier {
  private SnapshotVerifier() {}

  /**
   * Verifies {@code dir} against {@code manifest}.
   *
   * @throws CorruptSnapshotException naming the first file or table that does not verify
   */
  public static void verify(Path dir, Manifest manifest) {
    verify(dir, manifest, Set.of());
  }

  /**
   * Verifies {@code dir} against {@code manifest}, except the listed files in {@code elsewhere}:
   * those were written by executors straight into the store's final location, checksummed where
   * they were written, and are checked there (size before the pointer moves, checksum by every
   * reader that downloads them). A table whose files are all elsewhere needs no local directory.
   *
   * @throws CorruptSnapshotException naming the first file or table that does not verify
   */
  public static void verify(Path dir, Manifest manifest, Set<String> elsewhere) {
    String id = manifest.snapshotId();
    Set<String> listed = new HashSet<>();
    List<FileEntry> local = manifest.files().stream().filter(f -> !elsewhere.contains(f.path())).toList();
    manifest.files().forEach(f -> listed.add(f.path()));
    for (FileEntry f : local) {
      Path p = dir.resolve(f.path());
      if (!Files.isRegularFile(p)) {
        throw new CorruptSnapshotException("snapshot " + id + ": file " + f.path() + " is missing");
      }
      long size = size(p);
      if (size != f.size()) {
        throw new CorruptSnapshotException("snapshot " + id + ": file " + f.path() + " has "
            + size + " bytes, manifest says " + f.size());
      }
    }
    // Reading every byte dominates the load of a big snapshot: check CRC32C (SHA-256 for entries
    // without one) on several threads (the common pool plus this one), then report the first
    // mismatch in manifest order, so the message is stable.
    List<String> digests = local.parallelStream().map(f -> f.crc32c() != null
        ? Checksums.crc32c(dir.resolve(f.path())) : Checksums.sha256(dir.resolve(f.path()))).toList();
    for (int i = 0; i < digests.size(); i++) {
      FileEntry f = local.get(i);
      String expected = f.crc32c() != null ? f.crc32c() : f.sha256();
      if (!digests.get(i).equals(expected)) {
        throw new CorruptSnapshotException("snapshot " + id + ": file " + f.path() + " has "
            + (f.crc32c() != null ? "CRC32C " : "SHA-256 ") + digests.get(i) + ", manifest says " + expected);
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (!rel.equals(StoreLayout.MANIFEST) && !listed.contains(rel)) {
          throw new CorruptSnapshotException("snapshot " + id + ": file " + rel
              + " is not listed in the manifest");
        }
      }
    } catch (IOException e) {
      throw new CorruptSnapshotException("snapshot " + id + ": cannot list " + dir + ": "
          + e.getMessage(), e);
    }
    manifest.tables().forEach(t -> {
      if (!Files.isDirectory(dir.resolve(t.path()))
          && elsewhere.stream().noneMatch(f -> f.startsWith(t.path() + "/"))) {
        throw new CorruptSnapshotException("snapshot " + id + ": table " + t.name()
            + " directory " + t.path() + " is missing");
      }
    });
    manifest.spaces().forEach(s -> {
      if (manifest.table(s.itemTable()).isEmpty()
          || (s.userTable() != null && manifest.table(s.userTable()).isEmpty())) {
        throw new CorruptSnapshotException("snapshot " + id + ": space " + s.name()
            + " names a table the manifest does not list");
      }
    });
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new CorruptSnapshotException("cannot stat " + p + ": " + e.getMessage(), e);
    }
  }
}
