package io.affinity.bench.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running server with {@code wrk} (Debian package; one wrk thread on loopback): the
 * recommendation route for users drawn at random from a file of ids (a Lua script), or one URL.
 */
final class Wrk {
  private Wrk() {}

  /**
   * What one wrk run printed.
   *
   * @param raw wrk's output
   */
  record Result(String raw) {
    @Override
    public String toString() {
      if (raw == null) {
        return "wrk is not installed (apt-get install wrk): skipped";
      }
      return String.format(Locale.ROOT, "p50 %8s  p99 %8s  max %8s  %10s req/s  non-2xx %s  socket errors %s",
          find("^\\s*50%\\s+(\\S+)", "?"), find("^\\s*99%\\s+(\\S+)", "?"),
          find("^\\s*Latency\\s+\\S+\\s+\\S+\\s+(\\S+)", "?"), find("^Requests/sec:\\s+(\\S+)", "?"),
          find("Non-2xx or 3xx responses:\\s+(\\d+)", "0"), find("Socket errors:(.*)$", "none"));
    }

    private String find(String regex, String absent) {
      Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(raw);
      return m.find() ? m.group(1).trim() : absent;
    }
  }

  /** {@code GET /v1/users/{random id from ids}/recommendations?k=10} on {@code connections} connections. */
  static Result users(int port, Path ids, int connections, int seconds) throws IOException, InterruptedException {
    Path script = Files.createTempFile("affinity-wrk", ".lua");
    Files.writeString(script, """
        local ids = {}
        for line in io.lines("%s") do ids[#ids + 1] = line end
        math.randomseed(7)
        request = function()
          return wrk.format(nil, "/v1/users/" .. ids[math.random(1, #ids)] .. "/recommendations?k=10")
        end
        """.formatted(ids.toAbsolutePath()), StandardCharsets.UTF_8);
    try {
      return run(connections, seconds, script, "http://127.0.0.1:" + port + "/");
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** {@code GET path} on {@code connections} connections. */
  static Result url(int port, String path, int connections, int seconds) throws IOException, InterruptedException {
    return run(connections, seconds, null, "http://127.0.0.1:" + port + path);
  }

  private static Result run(int connections, int seconds, Path script, String url)
      throws IOException, InterruptedException {
    if (!available()) {
      return new Result(null);
    }
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency"));
    if (script != null) {
      cmd.add("-s");
      cmd.add(script.toString());
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return new Result(out);
  }

  private static boolean available() {
    try {
      return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
