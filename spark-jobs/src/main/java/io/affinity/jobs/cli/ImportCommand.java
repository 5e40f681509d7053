package io.affinity.jobs.cli;

import io.affinity.jobs.ingest.ImportReport;
import io.affinity.jobs.ingest.MovieLensImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code affinity import movielens|csv|json|parquet SRC OUT}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Convert a log (CSV, JSON lines, Parquet with your own column names) or a MovieLens directory"
        + " to the interaction-log layout.",
    subcommands = {ImportCommand.MovieLens.class, ImportCommand.CsvLog.class, ImportCommand.JsonLog.class,
        ImportCommand.ParquetLog.class})
final class ImportCommand {
  private static final String LOG = "Runs in Spark (local or a cluster). Writes OUT/interactions partitioned by"
      + " date and OUT/items (with --items); malformed lines are counted by reason and written with their file and"
      + " line to OUT/quarantine/rejected.tsv. See docs/schema.md.";

  /** A CSV (or other delimited) log. */
  @Command(name = "csv", mixinStandardHelpOptions = true, description = "Import a delimited text log. " + LOG)
  static final class CsvLog implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogImportOptions options = new LogImportOptions();

    @picocli.CommandLine.Option(names = "--delimiter", defaultValue = ",", paramLabel = "C",
        description = "the field delimiter: one character or tab (default: ${DEFAULT-VALUE})")
    String delimiter;

    @picocli.CommandLine.Option(names = "--quote", defaultValue = "\"", paramLabel = "C",
        description = "the quote character, or none (default: ${DEFAULT-VALUE})")
    String quote;

    @picocli.CommandLine.Option(names = "--no-header", description = "the files have no header line: columns are"
        + " _c0, _c1, ... (or 0, 1, ...)")
    boolean noHeader;

    @Override
    public Integer call() {
      return options.run(new io.affinity.jobs.ingest.SourceFormat("csv",
          io.affinity.jobs.ingest.SourceFormat.character("--delimiter", delimiter),
          io.affinity.jobs.ingest.SourceFormat.character("--quote", quote), !noHeader));
    }
  }

  /** A JSON-lines log. */
  @Command(name = "json", mixinStandardHelpOptions = true, description = "Import a JSON-lines log (one object per"
      + " line; a.b names a nested field). " + LOG)
  static final class JsonLog implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogImportOptions options = new LogImportOptions();

    @Override
    public Integer call() {
      return options.run(io.affinity.jobs.ingest.SourceFormat.json());
    }
  }

  /** A Parquet log with its own column names. */
  @Command(name = "parquet", mixinStandardHelpOptions = true, description = "Import a Parquet log with its own"
      + " column names and types. " + LOG)
  static final class ParquetLog implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    LogImportOptions options = new LogImportOptions();

    @Override
    public Integer call() {
      return options.run(io.affinity.jobs.ingest.SourceFormat.parquet());
    }
  }

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
