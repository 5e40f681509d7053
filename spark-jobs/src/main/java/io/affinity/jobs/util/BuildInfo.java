package io.affinity.jobs.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Affinity version (filtered into a resource at build time) and the source commit, taken from
 * the {@code affinity.git.commit} system property or the {@code AFFINITY_GIT_COMMIT} environment
 * variable (bin/affinity and the job images set one of them), else {@code unknown}.
 */
public final class BuildInfo {
  private BuildInfo() {}

  /** The project version, or {@code dev}. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/affinity-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "dev";
    }
    return p.getProperty("version", "dev");
  }

  /** The source commit, or {@code unknown}. */
  public static String gitCommit() {
    String v = System.getProperty("affinity.git.commit");
    if (v == null || v.isBlank()) {
      v = System.getenv("AFFINITY_GIT_COMMIT");
    }
    return v == null || v.isBlank() ? "unknown" : v.trim();
  }
}
