package io.affinity.jobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared datasets directory ({@code ../shared/datasets} next to the repository, or the
 * {@code affinity.datasets.dir} system property). Tests that need a dataset fall back to the
 * synthetic generator when it is absent and say so in their output.
 */
public final class Datasets {
  private Datasets() {}

  /** The ml-latest-small directory, if present. */
  public static Optional<Path> mlLatestSmall() {
    String dir = System.getProperty("affinity.datasets.dir");
    Path base = dir != null ? Path.of(dir) : Path.of("..", "..", "shared", "datasets");
    Path p = base.resolve("ml-latest-small");
    return Files.isRegularFile(p.resolve("ratings.csv")) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
  }
}
