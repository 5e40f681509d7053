package io.affinity.jobs.cli;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code affinity generate OUT --users N --items M --events K --seed S}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic interaction log (OUT/interactions) and catalog (OUT/items).")
final class GenerateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT", description = "the output directory")
  Path out;

  @Option(names = "--users", defaultValue = "10000", description = "users (default ${DEFAULT-VALUE})")
  int users;

  @Option(names = "--items", defaultValue = "5000", description = "items (default ${DEFAULT-VALUE})")
  int items;

  @Option(names = "--events", defaultValue = "500000", description = "interaction rows (default ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--clusters", description = "taste clusters (default: items/150, between 2 and 40)")
  Integer clusters;

  @Option(names = "--zipf", defaultValue = "1.0", description = "popularity exponent (default ${DEFAULT-VALUE})")
  double zipf;

  @Option(names = "--days", defaultValue = "90", description = "time window in days from 2026-01-01 (default ${DEFAULT-VALUE})")
  int days;

  @Override
  public Integer call() {
    GeneratorConfig cfg = new GeneratorConfig(users, items, events, seed,
        clusters != null ? clusters : GeneratorConfig.defaultClusters(items), zipf,
        Instant.parse("2026-01-01T00:00:00Z"), days);
    long t0 = System.nanoTime();
    SyntheticGenerator.Result r = new SyntheticGenerator(cfg).write(out);
    System.out.printf("generated %,d interactions by %,d users on %,d items (%d clusters, seed %d) in %.1fs -> %s%n",
        r.interactions(), users, r.items(), cfg.clusters(), seed, (System.nanoTime() - t0) / 1e9, out);
    return 0;
  }
}
