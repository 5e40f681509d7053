package io.affinity.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API for tests: s3proxy 2.6.0 in its own JVM (its Jetty cannot share a class path with
 * Javalin), storing the bucket {@code affinity} in a local directory.
 */
final class S3Proxy implements AutoCloseable {
  static final String ACCESS = "affinity-test";
  static final String SECRET = "affinity-test-secret-0123456789";
  private Process process;
  private int port;
  private final Path data;

  /** Starts s3proxy with its data under {@code dir/s3-data} (bucket {@code affinity} created). */
  S3Proxy(Path dir) throws Exception {
    data = dir.resolve("s3-data");
    Files.createDirectories(data.resolve("affinity"));
    String cp = Files.readString(Jobs.ROOT.resolve("s3proxy-server/target/classpath.txt")).trim();
    Path log = dir.resolve("s3proxy.log");
    // A port can be taken between choosing and binding it: then s3proxy exits, and we try another.
    for (int attempt = 1; ; attempt++) {
      int p = Ports.free();
      Path props = dir.resolve("s3proxy.properties");
      Files.writeString(props, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:" + p,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + ACCESS,
          "s3proxy.credential=" + SECRET,
          "jclouds.provider=filesystem",
          "jclouds.filesystem.basedir=" + data), StandardCharsets.UTF_8);
      Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", cp, "org.gaul.s3proxy.Main", "--properties", props.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (Ports.awaitListening("127.0.0.1", p, proc::isAlive, Duration.ofSeconds(60))) {
        Thread.sleep(300);
        if (proc.isAlive()) {
          process = proc;
          port = p;
          return;
        }
      }
      proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      if (attempt == 3) {
        throw new IllegalStateException("s3proxy did not start (3 attempts): " + Files.readString(log));
      }
    }
  }

  /** What s3proxy printed (for failure messages). */
  String log() throws IOException {
    return "s3proxy on port " + port + (process.isAlive() ? " (running)" : " exited " + process.exitValue()) + ": "
        + Files.readString(data.getParent().resolve("s3proxy.log"));
  }

  int port() {
    return port;
  }

  /** Where the bucket's objects are on disk ({@code affinity/KEY}). */
  Path data() {
    return data;
  }

  /**
   * Hadoop S3A settings for this endpoint (credentials included). s3proxy does not implement the
   * checksum header the AWS SDK sends with bulk deletes (501), so deletes go one object at a time,
   * as for other S3-compatible stores without DeleteObjects.
   */
  Map<String, String> settings() {
    return Map.of("fs.s3a.endpoint", "http://127.0.0.1:" + port, "fs.s3a.path.style.access", "true",
        "fs.s3a.endpoint.region", "us-east-1", "fs.s3a.multiobjectdelete.enable", "false",
        "fs.s3a.access.key", ACCESS, "fs.s3a.secret.key", SECRET);
  }

  /** The same settings as {@code --store-conf KEY=VALUE} arguments (credentials left to the environment). */
  List<String> storeConfArgs() {
    return List.of("--store-conf", "fs.s3a.endpoint=http://127.0.0.1:" + port, "--store-conf",
        "fs.s3a.path.style.access=true", "--store-conf", "fs.s3a.endpoint.region=us-east-1", "--store-conf",
        "fs.s3a.multiobjectdelete.enable=false");
  }

  /** The environment that carries the credentials. */
  static Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", SECRET);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
