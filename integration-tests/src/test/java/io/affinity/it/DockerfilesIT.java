package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The images cannot be built here (no Docker), so their Dockerfiles are checked against the build:
 * every file they copy from the repository exists after {@code package}, every main class they name
 * is in a jar they copy, base images are pinned, and the serving image runs as a non-root user with
 * a health check on a route the server has.
 */
class DockerfilesIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern CLASS = Pattern.compile("io\\.affinity(?:\\.[a-z]\\w*)+\\.[A-Z]\\w*");

  private static List<Path> dockerfiles() throws IOException {
    try (Stream<Path> s = Files.list(ROOT.resolve("infra/docker"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("Dockerfile")).sorted().toList();
    }
  }

  /** Logical lines: continuations joined, comments dropped. */
  private static List<String> lines(Path f) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String raw : Files.readAllLines(f)) {
      String t = raw.strip();
      if (t.startsWith("#") || t.isEmpty()) {
        continue;
      }
      if (t.endsWith("\\")) {
        cur.append(t, 0, t.length() - 1).append(' ');
      } else {
        out.add(cur.append(t).toString());
        cur.setLength(0);
      }
    }
    return out;
  }

  @Test
  void every_copied_path_and_named_main_class_exists_in_the_build() throws Exception {
    List<Path> files = dockerfiles();
    assertEquals(3, files.size(), "spark-job, spark-job-gpu, serving: " + files);
    for (Path f : files) {
      List<Path> jars = new ArrayList<>();
      boolean from = false;
      for (String line : lines(f)) {
        String[] w = line.split("\\s+");
        if (w[0].equalsIgnoreCase("FROM")) {
          from = true;
          assertTrue(w[1].contains(":") && !w[1].endsWith(":latest"), f + ": pin the base image: " + line);
        }
        if (w[0].equalsIgnoreCase("COPY") && !line.contains("--from=")) {
          for (int x = 1; x < w.length - 1; x++) {
            Path src = ROOT.resolve(w[x]);
            assertTrue(Files.exists(src), f.getFileName() + " copies " + w[x] + ", which the build does not produce");
            if (w[x].endsWith(".jar")) {
              jars.add(src);
            }
          }
        }
      }
      assertTrue(from, f + " has a FROM");
      String text = Files.readString(f);
      Matcher m = CLASS.matcher(text);
      int classes = 0;
      while (m.find()) {
        String entry = m.group().replace('.', '/') + ".class";
        boolean found = false;
        for (Path jar : jars) {
          try (ZipFile z = new ZipFile(jar.toFile())) {
            found |= z.getEntry(entry) != null;
          }
        }
        assertTrue(found, f.getFileName() + " names " + m.group() + ", which is in none of its jars " + jars);
        classes++;
      }
      assertTrue(classes > 0, f + " names the main class it runs");
    }
  }

  @Test
  void the_serving_image_runs_as_non_root_with_a_readiness_health_check() throws Exception {
    List<String> l = lines(ROOT.resolve("infra/docker/serving.Dockerfile"));
    String user = l.stream().filter(s -> s.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertFalse(user.endsWith(" root") || user.endsWith(" 0"), user);
    assertTrue(l.stream().anyMatch(s -> s.startsWith("HEALTHCHECK") && s.contains("/health/ready")));
    assertTrue(Files.readString(ROOT.resolve("serving/src/main/java/io/affinity/serving/ServingApp.java"))
        .contains("get(cfg, \"/health/ready\""), "the health-check route exists");
    assertTrue(Files.isDirectory(ROOT.resolve("serving/target/lib")) && Files.list(ROOT.resolve("serving/target/lib"))
        .anyMatch(p -> p.getFileName().toString().startsWith("javalin")), "the image's libraries are built");
  }
}
