package io.affinity.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the Spark jobs: {@code affinity import|generate|train|tune|snapshots|demo}. Also the main class of
 * the job jar for {@code spark-submit}.
 */
@Command(name = "affinity", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Affinity batch jobs: import, generate, train; and the one-command demo.",
    subcommands = {ImportCommand.class, GenerateCommand.class, TrainCommand.class, TuneCommand.class,
        SnapshotsCommand.class, ConnectServerCommand.class,
        DemoCommand.class})
public final class AffinityJobs {

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 the metric gate refused the snapshot). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AffinityJobs());
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof IllegalArgumentException) {
        line.getErr().println("error: " + ex.getMessage());
        return 2;
      }
      for (Throwable t = ex; t != null; t = t.getCause()) {
        if (t.getMessage() != null && t.getMessage().contains("spark.driver.maxResultSize")) {
          line.getErr().println("error: the job collected more to the driver than spark.driver.maxResultSize allows ("
              + t.getMessage().replaceAll("\\s+", " ") + "). Raise it with --conf spark.driver.maxResultSize=4g"
              + " (and the driver's memory, --driver-memory) or train on a smaller window; docs/cluster.md");
          return 1;
        }
      }
      line.getErr().println("error: " + ex);
      Throwable c = ex.getCause();
      while (c != null) {
        line.getErr().println("  caused by: " + c);
        c = c.getCause();
      }
      return 1;
    });
    return cl;
  }
}
