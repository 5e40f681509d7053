package io.affinity.jobs.cli;

import io.affinity.jobs.ingest.ImportReport;
import io.affinity.jobs.ingest.MovieLensImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code affinity import movielens SRC OUT}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Convert a public dataset to the interaction-log layout.",
    subcommands = {ImportCommand.MovieLens.class})
final class ImportCommand {

  /** Converts any common MovieLens layout. */
  @Command(name = "movielens", mixinStandardHelpOptions = true,
      description = "Convert a MovieLens directory (ml-latest, ml-latest-small, ml-20m/25m, ml-1m,"
          + " ml-10m, ml-100k) into OUT/interactions and OUT/items. Malformed lines are counted and"
          + " written to OUT/quarantine/rejected.tsv.")
  static final class MovieLens implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "the MovieLens directory")
    Path src;

    @Parameters(index = "1", paramLabel = "OUT", description = "the output directory")
    Path out;

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      ImportReport r = MovieLensImporter.importDir(src, out);
      System.out.printf("imported %s layout from %s in %.1fs%n", r.layout(), src, (System.nanoTime() - t0) / 1e9);
      System.out.printf("  %,d interactions -> %s%n", r.interactions(), out.resolve("interactions"));
      System.out.printf("  %,d items        -> %s%n", r.items(), out.resolve("items"));
      if (r.rejectedTotal() > 0) {
        System.out.printf("  %,d malformed lines rejected %s -> %s%n", r.rejectedTotal(), r.rejected(), r.quarantine());
      } else {
        System.out.println("  no malformed lines");
      }
      return 0;
    }
  }
}
