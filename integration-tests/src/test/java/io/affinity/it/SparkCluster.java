package io.affinity.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on this machine, from the project's own Maven-resolved Spark
 * jars: a master and {@code workers} workers, each in its own JVM. The disks are isolated the way
 * separate machines' are: every worker runs in its own mount namespace ({@code unshare -m}) with a
 * private tmpfs over {@code /tmp} and its own loopback address ({@code 127.0.0.2}, {@code .3},
 * ...), and the directories of the driver and of the other workers are hidden from it. What the
 * nodes share is what a cluster shares: {@link #shared()} (outside {@code /tmp}, the stand-in for
 * a distributed file system) and whatever object store the test starts.
 *
 * <pre>
 * ROOT/spark-home/jars/   links to Spark's jars (the job jar brings the rest, as on a real cluster)
 * ROOT/shared/            visible to every node
 * ROOT/driver/            the client-mode driver's working directory (hidden from the workers)
 * ROOT/workers/N/         worker N's work dir (executor logs, fetched jars); seen by worker N only
 * </pre>
 */
final class SparkCluster implements AutoCloseable {
  /** Spark's JVM flags on JDK 17+ (spark-submit adds them; we launch the JVMs ourselves). */
  static final List<String> MODULE_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");
  /** Libraries the shaded job jar carries (or tests use): not part of the cluster's Spark. */
  private static final List<String> NOT_SPARK = List.of("/io/affinity/", "/info/picocli/", "/io/github/jbellis/",
      "/org/agrona/", "/org/tensorflow/", "/org/bytedeco/", "/hadoop-aws/", "/software/amazon/", "/com/networknt/",
      "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/net/jqwik/");

  private final Path root;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort;
  private final int masterUiPort;
  private final int workers;

  /** Whether this machine can isolate the workers' disks (root, {@code unshare -m}, tmpfs). */
  static Optional<String> isolationUnavailable() {
    try {
      Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
          "mount -t tmpfs tmpfs /tmp && echo ok").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && out.equals("ok") ? Optional.empty()
          : Optional.of("unshare -m with a tmpfs mount failed (" + out + "): needs root and mount namespaces");
    } catch (IOException | InterruptedException e) {
      return Optional.of("unshare is not available: " + e.getMessage());
    }
  }

  /**
   * Starts the cluster under {@code root} (which must not be under {@code /tmp}).
   *
   * @param sparkClasspath the Spark class path to build {@code spark-home/jars} from (the job
   *     module's launcher class path; the job jar's own libraries are left out)
   */
  SparkCluster(Path root, String sparkClasspath, int workers, int cores, String memory) throws Exception {
    if (root.toAbsolutePath().startsWith("/tmp")) {
      throw new IllegalArgumentException("the cluster root must be outside /tmp (workers get a private /tmp): " + root);
    }
    this.root = root.toAbsolutePath();
    this.workers = workers;
    Path jars = Files.createDirectories(sparkHome().resolve("jars"));
    for (String entry : sparkClasspath.split(java.io.File.pathSeparator)) {
      String file = Path.of(entry).getFileName().toString();
      if (entry.endsWith(".jar") && !file.startsWith("affinity-") && NOT_SPARK.stream().noneMatch(entry::contains)) {
        Path link = jars.resolve(Path.of(entry).getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, Path.of(entry));
        }
      }
    }
    Files.createDirectories(shared());
    Files.createDirectories(driverDir());
    masterPort = Ports.free();
    masterUiPort = Ports.free();
    try {
      startAll(cores, memory);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startAll(int cores, String memory) throws Exception {
    List<String> master = new ArrayList<>(List.of(java(), "-Xmx256m", Jobs.JIT_FLAGS));
    master.addAll(MODULE_FLAGS);
    master.addAll(List.of("-cp", sparkHome().resolve("jars") + "/*", "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
    processes.add(start(master, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), this.root.resolve("master.log")));
    awaitPort("127.0.0.1", masterPort, Duration.ofSeconds(60));
    for (int w = 1; w <= workers; w++) {
      processes.add(startWorker(w, cores, memory));
    }
    awaitWorkers(workers, Duration.ofSeconds(90));
  }

  private Process startWorker(int n, int cores, String memory) throws IOException {
    Path own = Files.createDirectories(workerDir(n));
    String host = workerHost(n);
    StringBuilder java = new StringBuilder("exec '").append(java()).append("' -Xmx512m ").append(Jobs.JIT_FLAGS);
    MODULE_FLAGS.forEach(f -> java.append(' ').append(f));
    java.append(" -cp '").append(sparkHome().resolve("jars")).append("/*' org.apache.spark.deploy.worker.Worker")
        .append(" spark://127.0.0.1:").append(masterPort).append(" --host ").append(host).append(" --cores ")
        .append(cores).append(" --memory ").append(memory).append(" --work-dir /tmp/work");
    String script = String.join("\n",
        "set -e",
        "mount -t tmpfs tmpfs /tmp",
        "mkdir -p /tmp/work /tmp/local",
        "mount --bind '" + own + "' /tmp/work",
        // Hide every worker's directory (this one stays reachable at /tmp/work) and the driver's.
        "mount -t tmpfs tmpfs '" + root.resolve("workers") + "'",
        "mount -t tmpfs tmpfs '" + driverDir() + "'",
        java.toString());
    return start(List.of("unshare", "-m", "--propagation", "private", "bash", "-c", script),
        Map.of("SPARK_HOME", sparkHome().toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", host,
            "SPARK_LOCAL_DIRS", "/tmp/local", "JAVA_HOME", System.getProperty("java.home")),
        root.resolve("worker-" + n + ".log"));
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  Path sparkHome() {
    return root.resolve("spark-home");
  }

  /** Visible to every node: the stand-in for a distributed file system. */
  Path shared() {
    return root.resolve("shared");
  }

  /** The client-mode driver's working directory (hidden from the workers). */
  Path driverDir() {
    return root.resolve("driver");
  }

  Path workerDir(int n) {
    return root.resolve("workers").resolve(Integer.toString(n));
  }

  static String workerHost(int n) {
    return "127.0.0." + (n + 1);
  }

  /**
   * Starts {@code org.apache.spark.deploy.SparkSubmit} as spark-submit would: {@code --master} this
   * cluster, {@code --deploy-mode client|cluster}, the job jar, its arguments. Output goes to
   * {@code log}. In client mode the driver runs in this process (working directory
   * {@link #driverDir()}, its own {@code /tmp} = the host's, hidden from the workers).
   */
  Process submit(String deployMode, String jar, Map<String, String> conf, Map<String, String> env, Path log,
      List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g"));
    cmd.addAll(MODULE_FLAGS);
    cmd.addAll(List.of("-cp", sparkHome().resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
        "--master", masterUrl(), "--deploy-mode", deployMode, "--class", "io.affinity.jobs.cli.AffinityJobs"));
    String flags = String.join(" ", MODULE_FLAGS);
    cmd.addAll(List.of("--conf", "spark.executor.extraJavaOptions=" + flags, "--conf",
        "spark.driver.extraJavaOptions=" + flags));
    conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.add(jar);
    cmd.addAll(args);
    Map<String, String> e = new java.util.HashMap<>(env);
    e.putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    e.put("SPARK_HOME", sparkHome().toString());
    e.put("SPARK_SCALA_VERSION", "2.13");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(driverDir().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(e);
    return pb.start();
  }

  /** Pids of the executor JVMs on worker {@code n}. */
  List<ProcessHandle> executors(int n) {
    String host = workerHost(n);
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c ->
        c.contains("CoarseGrainedExecutorBackend") && c.contains("--hostname " + host)).orElse(false)).toList();
  }

  /** The master's view ({@code /json}): workers, applications and drivers with their states. */
  String masterState() throws IOException, InterruptedException {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private void awaitWorkers(int n, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String state;
      try {
        state = masterState();
      } catch (IOException e) {
        state = "(master UI not up yet: " + e + ")"; // the UI starts after the RPC port
      }
      int alive = state.split("\"state\"\\s*:\\s*\"ALIVE\"", -1).length - 1;
      if (alive >= n) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(alive + " of " + n + " workers registered in " + timeout + ":\n" + state
            + "\n" + tail(root.resolve("worker-1.log")));
      }
      Thread.sleep(300);
    }
  }

  /** The last lines of a log file, for assertion messages. */
  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no " + file + ": " + e.getMessage() + ")";
    }
  }

  private static Process start(List<String> cmd, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void awaitPort(String host, int port, Duration timeout) throws Exception {
    if (!Ports.awaitListening(host, port, () -> true, timeout)) {
      throw new IllegalStateException("nothing listens on " + host + ":" + port + " after " + timeout);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Stops the workers (and their executors and drivers), then the master. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Executors started by a killed worker can outlive it.
    for (int n = 1; n <= workers; n++) {
      executors(n).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
