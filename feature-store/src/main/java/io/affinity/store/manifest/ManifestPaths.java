package io.affinity.store.manifest;

/** Checks that paths named in a manifest stay inside their snapshot. */
final class ManifestPaths {
  private ManifestPaths() {}

  static void requireRelative(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || path.contains("\0")) {
      throw new IllegalArgumentException("path must be relative and '/'-separated, got '" + path + "'");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("path must not contain empty, '.' or '..' segments, got '"
            + path + "'");
      }
    }
  }
}
