package io.affinity.serving.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional per-request log ({@code --request-log}): request threads only append a short line to
 * a bounded queue; the {@code request-log} thread writes the lines. When the writer falls behind,
 * lines are dropped and counted rather than slowing requests down. Thread-safe.
 */
public final class RequestLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final String STOP = "";
  private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(16_384);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;

  /** Starts the writer thread. */
  public RequestLog() {
    writer = new Thread(this::drain, "request-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues one line: method, path, status and duration in milliseconds. */
  public void log(String method, String path, int status, double millis) {
    StringBuilder line = new StringBuilder(path.length() + 32).append(method).append(' ').append(path).append(' ')
        .append(status).append(' ').append(Math.round(millis * 100) / 100.0).append("ms");
    if (!queue.offer(line.toString())) {
      dropped.incrementAndGet();
    }
  }

  /** Lines dropped so far because the writer fell behind. */
  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    long reported = 0;
    try {
      while (true) {
        String line = queue.poll(1, TimeUnit.SECONDS);
        if (line == STOP) {
          return;
        }
        if (line != null) {
          LOG.info(line);
        }
        long d = dropped.get();
        if (d > reported) {
          LOG.warn("{} request-log lines dropped so far (the log writer fell behind)", d);
          reported = d;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops the writer (waits up to 2 s). */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
