package io.affinity.jobs.cli;

import io.affinity.jobs.generate.GeneratorConfig;
import io.affinity.jobs.generate.SyntheticGenerator;
import io.affinity.jobs.ingest.ImportReport;
import io.affinity.jobs.ingest.MovieLensImporter;
import io.affinity.jobs.train.TrainConfig;
import io.affinity.jobs.train.TrainResult;
import io.affinity.store.StoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code affinity demo}: generate (or import) data, train in local Spark, publish into a local
 * store, then start the server in a child JVM (no Spark on its class path) that prints example
 * requests with their real responses and serves until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate or import data, train, publish, and serve it with example requests.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--movielens", paramLabel = "DIR", description = "import this MovieLens directory instead of generating data")
  Path movielens;

  @Option(names = "--dir", defaultValue = "${sys:affinity.home:-.}/build/demo",
      description = "working directory (default: build/demo in the Affinity checkout)")
  Path dir;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--users", defaultValue = "3000", description = "generated users (default ${DEFAULT-VALUE})")
  int users;

  @Option(names = "--items", defaultValue = "2000", description = "generated items (default ${DEFAULT-VALUE})")
  int items;

  @Option(names = "--events", defaultValue = "150000", description = "generated events (default ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--no-serve", description = "stop after publishing (for scripted checks)")
  boolean noServe;

  @Override
  public Integer call() throws Exception {
    Path data = dir.resolve("data");
    StoreFiles.deleteTree(data);
    if (movielens != null) {
      System.out.println("== importing MovieLens from " + movielens);
      ImportReport r = MovieLensImporter.importDir(movielens, data);
      System.out.printf("   %,d interactions, %,d items, %,d malformed lines%n", r.interactions(), r.items(), r.rejectedTotal());
    } else {
      System.out.printf("== generating %,d events by %,d users on %,d items (seed 42)%n", events, users, items);
      new SyntheticGenerator(GeneratorConfig.of(users, items, events, 42)).write(data);
    }
    Path store = dir.resolve("store");
    System.out.println("== training ALS in local Spark, publishing into " + store);
    TrainResult r = TrainCommand.run(TrainConfig.defaults(data.resolve("interactions").toString(),
        data.resolve("items").toString(), store), null);
    System.out.printf("   snapshot %s published in %.1fs%n", r.manifest().snapshotId(), r.seconds());
    if (noServe) {
      return 0;
    }
    return serve(store);
  }

  private int serve(Path store) throws IOException, InterruptedException {
    String cp = System.getProperty("affinity.serving.classpath");
    if (cp == null || cp.isBlank()) {
      throw new IllegalStateException("affinity.serving.classpath is not set: run the demo through bin/affinity");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add("io.affinity.serving.ServeMain");
    cmd.addAll(List.of("--store", store.toString(), "--port", Integer.toString(port), "--examples"));
    System.out.println("== starting the server (Ctrl-C to stop)");
    Process server = new ProcessBuilder(cmd).inheritIO().start();
    Thread stopper = new Thread(server::destroy, "demo-stop-server");
    Runtime.getRuntime().addShutdownHook(stopper);
    return server.waitFor();
  }
}
