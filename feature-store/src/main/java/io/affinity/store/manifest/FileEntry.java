package io.affinity.store.manifest;

/**
 * One file of a snapshot.
 *
 * @param path the path relative to the snapshot root, '/'-separated
 * @param size the size in bytes
 * @param sha256 the lower-case hex SHA-256 of the content
 */
public record FileEntry(String path, long size, String sha256) {
  /** Requires a safe relative path, a non-negative size and a 64-digit hex digest. */
  public FileEntry {
    ManifestPaths.requireRelative(path);
    if (size < 0) {
      throw new IllegalArgumentException("file '" + path + "' size must be >= 0, got " + size);
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "file '" + path + "' sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
  }
}
