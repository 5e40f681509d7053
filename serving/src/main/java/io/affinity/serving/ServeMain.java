package io.affinity.serving;

import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.demo.ExamplePrinter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code affinity serve --store DIR --port 8080}: runs the server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve recommendations and similar items from the store's current snapshot.")
public final class ServeMain implements Callable<Integer> {
  @Option(names = "--store", required = true, paramLabel = "DIR|URI", description = "feature store root: a"
      + " directory, or s3a://bucket/prefix, hdfs://... (read through --store-cache)")
  String store;

  @Option(names = "--store-conf", paramLabel = "KEY=VALUE", description = "a Hadoop setting for a remote store"
      + " (repeatable), e.g. fs.s3a.endpoint=http://minio:9000; credentials from the environment"
      + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
  java.util.List<String> storeConf = new java.util.ArrayList<>();

  @Option(names = "--store-cache", paramLabel = "DIR", description = "local directory a remote store's snapshots"
      + " are downloaded to and served from (default: a new temporary directory)")
  Path storeCache;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "bind address (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port, 0 = any free (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--poll-seconds", defaultValue = "10", description = "how often _CURRENT is checked (default ${DEFAULT-VALUE})")
  long pollSeconds;

  @Option(names = "--max-k", defaultValue = "1000", description = "largest accepted k (default ${DEFAULT-VALUE})")
  int maxK;

  @Option(names = "--exact-below", defaultValue = "20000",
      description = "search spaces with fewer items exactly even when an ANN index exists (default ${DEFAULT-VALUE})")
  int exactBelow;

  @Option(names = "--ef-search", defaultValue = "100",
      description = "graph search beam: candidates kept per walk, at least k (default ${DEFAULT-VALUE})")
  int efSearch;

  @Option(names = "--max-visits", defaultValue = "20000",
      description = "most item vectors one graph walk scores, whatever the request (default ${DEFAULT-VALUE})")
  int maxVisits;

  @Option(names = "--head-rows", defaultValue = "2048",
      description = "recommendations scan this many of the longest item vectors exactly before walking the graph"
          + " (default ${DEFAULT-VALUE})")
  int headRows;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN",
      description = "allow browser calls from this origin (repeatable; * for any); default: no CORS")
  java.util.List<String> corsOrigins = new java.util.ArrayList<>();

  @Option(names = "--max-id-length", defaultValue = "256", description = "longest accepted id (default ${DEFAULT-VALUE})")
  int maxIdLength;

  @Option(names = "--max-body-bytes", defaultValue = "1048576",
      description = "largest accepted request body, else 413 (default ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(names = "--events", paramLabel = "DIR", description = "durable real-time event log (enables POST /v1/events"
      + " and fold-in); roll it into Parquet with POST /v1/admin/events/roll")
  Path events;

  @Option(names = "--roll-to", paramLabel = "DIR", description = "roll acknowledged events into this interaction-log"
      + " directory (date-partitioned Parquet) for the next train job")
  Path rollTo;

  @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,...]", description = "use this Kafka cluster's"
      + " topic as the event log, shared by every replica (needs --events for local state)")
  String kafkaBootstrap;

  @Option(names = "--kafka-topic", defaultValue = "affinity-events", description = "the event topic (default"
      + " ${DEFAULT-VALUE})")
  String kafkaTopic;

  @Option(names = "--roll-minutes", defaultValue = "60", description = "minutes between rolls (default ${DEFAULT-VALUE})")
  long rollMinutes;

  @Option(names = "--pseudonymize-users", description = "look users up by their keyed pseudonym (key from"
      + " AFFINITY_PSEUDONYM_KEY; the store must be trained with train --pseudonymize-users and the same key);"
      + " ingested events are stored pseudonymised")
  boolean pseudonymize;

  @Option(names = "--request-log", description = "log one line per request (off by default; written by a"
      + " background thread, lines dropped and counted if it falls behind)")
  boolean requestLog;

  @Option(names = "--no-request-log", hidden = true, description = "accepted for old scripts: the log is off by default")
  boolean noRequestLog;

  @Option(names = "--http-threads", description = "Jetty worker threads (default: 8 per core, at least 16)")
  Integer httpThreads;

  @Option(names = "--examples", description = "once ready, print example curl commands with their real responses")
  boolean examples;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new ServeMain());
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      line.getErr().println("error: " + ex.getMessage());
      return ex instanceof IllegalArgumentException ? 2 : 1;
    });
    System.exit(cl.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean remote = io.affinity.store.remote.RemoteStore.isRemote(store);
    Path local = !remote ? Path.of(store) : storeCache != null ? storeCache
        : java.nio.file.Files.createTempDirectory("affinity-store-cache");
    ServingConfig cfg = new ServingConfig(local, host, port, requestLog && !noRequestLog && !examples, maxK, Math.min(10, maxK),
        Duration.ofSeconds(pollSeconds), exactBelow,
        new io.affinity.serving.index.SearchBudget(efSearch, maxVisits, headRows), System.getenv("AFFINITY_ADMIN_TOKEN"),
        System.getenv("AFFINITY_API_KEY"), corsOrigins, maxIdLength, maxBodyBytes,
        events == null ? null : new io.affinity.serving.config.EventsConfig(events, rollTo, Duration.ofMinutes(rollMinutes),
            kafkaBootstrap, kafkaTopic),
        pseudonymize ? io.affinity.store.privacy.Pseudonymizer.fromEnvironment() : null,
        httpThreads == null ? ServingConfig.defaultHttpThreads() : httpThreads);
    ServingApp app;
    if (remote) {
      var rs = io.affinity.store.remote.RemoteStore.open(store,
          io.affinity.store.remote.RemoteStore.parseSettings(storeConf));
      app = new ServingApp(cfg, new io.affinity.store.remote.CachedRemoteStore(rs, local, 2),
          new io.affinity.store.admin.RemoteAdmin(rs)).start();
    } else {
      app = new ServingApp(cfg).start();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "serving-shutdown"));
    System.out.printf("Affinity serving on http://%s:%d (store %s)%n",
        host.equals("0.0.0.0") ? "localhost" : host, app.port(),
        remote ? store + ", cached in " + local : local.toAbsolutePath());
    if (examples) {
      new ExamplePrinter(app, System.out).printWhenReady(Duration.ofMinutes(5));
    }
    stopped.await();
    return 0;
  }
}
