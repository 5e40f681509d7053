package io.affinity.bench.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running server with {@code wrk} (Debian package) and prints p50/p99 latency, throughput
 * and failed responses, for the recommendation route (random users, via a Lua script) and for
 * {@code /health/live} as the HTTP floor of the same server.
 */
final class Wrk {
  private Wrk() {}

  static void run(int port, int users, int seconds) throws IOException, InterruptedException {
    if (!available()) {
      System.out.println("  HTTP: wrk is not installed (apt-get install wrk); skipped");
      return;
    }
    Path script = Files.createTempFile("affinity-wrk", ".lua");
    Files.writeString(script, """
        math.randomseed(7)
        request = function()
          return wrk.format(nil, "/v1/users/u" .. math.random(0, %d) .. "/recommendations?k=10")
        end
        """.formatted(users - 1), StandardCharsets.UTF_8);
    try {
      String base = "http://127.0.0.1:" + port;
      System.out.printf(Locale.ROOT, "  HTTP with wrk, %d s per line, loopback (wrk shares the machine's cores):%n", seconds);
      for (int c : new int[] {1, 16}) {
        line("recommendations", c, wrk(c, seconds, script, base + "/"));
        line("/health/live   ", c, wrk(c, seconds, null, base + "/health/live"));
      }
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static boolean available() {
    try {
      return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String wrk(int connections, int seconds, Path script, String url)
      throws IOException, InterruptedException {
    var cmd = new java.util.ArrayList<>(java.util.List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
        "--latency"));
    if (script != null) {
      cmd.add("-s");
      cmd.add(script.toString());
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static void line(String what, int connections, String out) {
    System.out.printf(Locale.ROOT, "    %s c=%-2d p50 %9s  p99 %9s  avg %9s  max %9s  %10s req/s  non-2xx %s  socket errors %s%n",
        what, connections, find(out, "^\\s*50%\\s+(\\S+)"), find(out, "^\\s*99%\\s+(\\S+)"),
        find(out, "^\\s*Latency\\s+(\\S+)"), find(out, "^\\s*Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"),
        find(out, "^Requests/sec:\\s+(\\S+)"), find(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0"),
        find(out, "Socket errors:(.*)$", "none"));
  }

  private static String find(String out, String regex) {
    return find(out, regex, "?");
  }

  private static String find(String out, String regex, String absent) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
    return m.find() ? m.group(1).trim() : absent;
  }
}
