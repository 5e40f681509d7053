package io.affinity.store.manifest;

/**
 * One file of a snapshot.
 *
 * @param path the path relative to the snapshot root, '/'-separated
 * @param size the size in bytes
 * @param sha256 the lower-case hex SHA-256 of the content (for audit and external tools)
 * @param crc32c the lower-case hex CRC32C of the content (8 digits), which readers check on every
 *     load: hardware-accelerated, about 70x faster than SHA-256 here, and as good at catching
 *     truncation and flipped bits (the manifest is not signed, so SHA-256 adds no tamper-proofing).
 *     Null in manifests written before it existed; readers then check SHA-256.
 */
public record FileEntry(String path, long size, String sha256, String crc32c) implements java.io.Serializable {
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
    if (crc32c != null && !crc32c.matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("file '" + path + "' crc32c must be 8 lower-case hex digits, got '" + crc32c + "'");
    }
  }
}
