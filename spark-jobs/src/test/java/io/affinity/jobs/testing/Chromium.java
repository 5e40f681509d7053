package io.affinity.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for rendering tests (Debian package {@code chromium}). When the browser is
 * missing the test is skipped, unless {@code AFFINITY_REQUIRE_CHROMIUM=1} (set by CI), which makes
 * it fail instead.
 */
public final class Chromium {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");

  private Chromium() {}

  /** The browser binary; skips (or fails under CI) when there is none. */
  public static String binary() {
    String env = System.getenv("AFFINITY_CHROMIUM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return env;
    }
    for (String c : CANDIDATES) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    if ("1".equals(System.getenv("AFFINITY_REQUIRE_CHROMIUM"))) {
      throw new AssertionError("AFFINITY_REQUIRE_CHROMIUM=1 but no Chromium found at " + CANDIDATES);
    }
    Assumptions.abort("no Chromium installed (apt-get install chromium): report rendering not checked");
    return null;
  }

  /** Loads {@code page} with scripts enabled and returns the DOM after they ran. */
  public static String dumpDom(Path page, Path workDir) throws IOException, InterruptedException {
    Path out = workDir.resolve("dom.html");
    run(workDir, out, List.of("--dump-dom", page.toUri().toString()));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Renders {@code page} to a PNG of the given size. */
  public static Path screenshot(Path page, Path workDir, int width, int height) throws IOException, InterruptedException {
    Path png = workDir.resolve("report.png");
    run(workDir, workDir.resolve("screenshot.log"), List.of("--screenshot=" + png, "--window-size=" + width + "," + height,
        page.toUri().toString()));
    return png;
  }

  private static void run(Path workDir, Path stdout, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"),
        "--virtual-time-budget=5000"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(workDir.resolve("chromium.err").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish in 120 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("Chromium exited " + p.exitValue() + ": "
          + Files.readString(workDir.resolve("chromium.err")));
    }
  }
}
