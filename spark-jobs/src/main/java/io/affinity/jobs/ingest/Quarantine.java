package io.affinity.jobs.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where malformed input lines go: counted by reason and written, with file, line number and reason,
 * to a tab-separated file. The file is created on the first rejected line only.
 *
 * <p>Not thread-safe.
 */
final class Quarantine implements AutoCloseable {
  private final Path file;
  private final Map<String, Long> counts = new TreeMap<>();
  private BufferedWriter out;

  Quarantine(Path file) {
    this.file = file;
  }

  /** Records a rejected line. */
  void reject(String source, long line, String reason, String raw) {
    counts.merge(reason, 1L, Long::sum);
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write("file\tline\treason\traw\n");
      }
      String safe = raw.length() > 2000 ? raw.substring(0, 2000) : raw;
      out.write(source + "\t" + line + "\t" + reason + "\t" + safe.replace('\t', ' ') + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write quarantine file " + file, e);
    }
  }

  /** Rejected lines by reason. */
  Map<String, Long> counts() {
    return new TreeMap<>(counts);
  }

  /** The quarantine file (exists only when something was rejected). */
  Path file() {
    return file;
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close quarantine file " + file, e);
      }
    }
  }
}
