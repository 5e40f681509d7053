package io.affinity.jobs.cli;

import io.affinity.jobs.util.SparkSessions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code affinity connect-server}: a Spark Connect server with the project's jars on its class
 * path, for notebooks (a JVM or Python Spark Connect client talks to it over gRPC; the notebook
 * kernel holds no Spark). Binds to localhost unless told otherwise, prints where it listens, and
 * stops cleanly on SIGTERM / Ctrl-C.
 */
@Command(name = "connect-server", mixinStandardHelpOptions = true,
    description = "Start a Spark Connect server (for notebooks) with Affinity's jars on its class path.")
final class ConnectServerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "15002", description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "bind address (default ${DEFAULT-VALUE}; 0.0.0.0 to accept remote clients)")
  String host;

  @Option(names = "--master", description = "Spark master URL (default local[*], or spark-submit's)")
  String master;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 1..65535, got " + port);
    }
    System.setProperty("spark.connect.grpc.binding.port", Integer.toString(port));
    System.setProperty("spark.connect.grpc.binding.address", host);
    SparkSession spark = SparkSessions.create("affinity-connect-server", master);
    SparkConnectService.start(spark.sparkContext());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
      spark.stop();
      stopped.countDown();
    }, "connect-server-shutdown"));
    System.out.printf("Spark Connect server listening on sc://%s:%d (Spark %s, master %s); Ctrl-C stops it%n",
        host.equals("0.0.0.0") ? "localhost" : host, port, spark.version(), spark.sparkContext().master());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
