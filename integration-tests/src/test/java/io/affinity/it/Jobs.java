package io.affinity.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/affinity} commands (Spark jobs) in their own JVMs, from the built module jars. */
final class Jobs {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private Jobs() {}

  /** What a finished command printed (stdout and stderr) and its exit code. */
  record Run(int exit, String output) {}

  /**
   * The job JVMs' JIT: C1 only. These runs last seconds to a minute on small data, where C2's
   * compilations cost more CPU than they win (a 6,000-event train: 26 s wall and 33 s CPU against
   * 38.5 s and 70 s; ml-latest-small: 65 s and 92 s against 69 s and 127 s). It changes no result.
   */
  static final String JIT_FLAGS = "-XX:TieredStopAtLevel=1";

  /** Starts {@code bin/affinity args} with {@code env} added; output on the process's stdout. */
  static Process start(Path workDir, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/affinity").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().put("AFFINITY_SKIP_BUILD", "1");
    pb.environment().put("AFFINITY_HEAP", "1g");
    pb.environment().put("AFFINITY_JAVA_OPTS", JIT_FLAGS);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Starts {@code bin/affinity args}. */
  static Process start(Path workDir, String... args) throws Exception {
    return start(workDir, Map.of(), args);
  }

  /** Runs {@code bin/affinity args} to completion (at most 5 minutes). */
  static Run affinity(Path workDir, Map<String, String> env, String... args) throws Exception {
    Process p = start(workDir, env, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("affinity " + args[0] + " timed out: " + out);
    }
    return new Run(p.exitValue(), out);
  }

  /** Runs {@code bin/affinity args} to completion. */
  static Run affinity(Path workDir, String... args) throws Exception {
    return affinity(workDir, Map.of(), args);
  }
}
