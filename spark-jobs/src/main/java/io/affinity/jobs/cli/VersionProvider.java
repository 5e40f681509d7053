package io.affinity.jobs.cli;

import io.affinity.jobs.util.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** Prints the Affinity version and source commit for {@code --version}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"affinity " + BuildInfo.version() + " (commit " + BuildInfo.gitCommit() + ")"};
  }
}
