package io.affinity.store.manifest;

import java.util.Objects;

/**
 * Which program produced a snapshot.
 *
 * @param name the job's name, e.g. {@code affinity-train}
 * @param version the Affinity version
 * @param gitCommit the source commit, or {@code unknown}
 */
public record Producer(String name, String version, String gitCommit) {
  /** Requires every field. */
  public Producer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    gitCommit = gitCommit == null || gitCommit.isBlank() ? "unknown" : gitCommit;
  }
}
