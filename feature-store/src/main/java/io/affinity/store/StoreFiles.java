package io.affinity.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system helpers shared by the publisher and the administration tools. */
public final class StoreFiles {
  private StoreFiles() {}

  /**
   * Deletes a file or directory tree; does nothing when it does not exist.
   *
   * @throws StoreException naming the path when something cannot be deleted
   */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new StoreException("cannot delete " + root + ": " + e.getMessage(), e);
    }
  }
}
