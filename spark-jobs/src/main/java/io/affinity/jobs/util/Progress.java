package io.affinity.jobs.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Human-readable progress of a job: numbered stages with elapsed wall time, and counts with
 * thousands separators, instead of a wall of Spark logs.
 *
 * <p>Lines are printed whole ({@link PrintStream} is synchronised), so the background reporters
 * ({@link #every}, {@link SparkProgress}) may print while the driver thread does.
 */
public final class Progress {
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final int totalStages;
  private int stage;
  private volatile String stageName;
  private volatile long lastLineNanos = System.nanoTime();

  /** Prints to {@code out}; {@code totalStages} is shown as "stage i/N". */
  public Progress(PrintStream out, int totalStages) {
    this.out = out;
    this.totalStages = totalStages;
  }

  /** Starts the next stage. */
  public void stage(String name) {
    stage++;
    stageName = name;
    out.printf(Locale.ROOT, "[%7.1fs] stage %d/%d: %s%n", elapsedSeconds(), stage, totalStages, name);
    out.flush();
    lastLineNanos = System.nanoTime();
  }

  /** The current stage's name, null before the first. */
  public String stageName() {
    return stageName;
  }

  /** Prints a detail line under the current stage. */
  public void info(String format, Object... args) {
    out.printf(Locale.ROOT, "[%7.1fs]   " + format + "%n", prepend(elapsedSeconds(), args));
    out.flush();
    lastLineNanos = System.nanoTime();
  }

  /**
   * Reports long driver-side work (a graph build, a model's training) while the returned handle is
   * open: every {@code seconds}, a daemon thread named {@code driver-progress} prints
   * {@code status.get()} as a detail line.
   */
  public AutoCloseable every(int seconds, java.util.function.Supplier<String> status) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(seconds * 1000L);
          info("%s", status.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "driver-progress");
    t.setDaemon(true);
    t.start();
    return t::interrupt;
  }

  /** Milliseconds since the last line this progress printed (a stage or a detail line). */
  public long silentMillis() {
    return (System.nanoTime() - lastLineNanos) / 1_000_000;
  }

  /** Seconds since this progress started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * This process's peak resident memory in MiB (Linux {@code VmHWM}), or -1 where unavailable.
   * In local mode that covers the driver and the executors, which share the JVM.
   */
  public static long peakRssMiB() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Formats a count with thousands separators. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
