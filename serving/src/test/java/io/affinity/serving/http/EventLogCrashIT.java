package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.events.FileEventLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 the server (a separate JVM) while two clients stream events, restart it, and find every
 * acknowledged event in the log: an event is acknowledged only after its fsync.
 */
class EventLogCrashIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final int KILL_AFTER = 300;
  @TempDir Path tmp;

  private Process server(Path store, Path events) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        "io.affinity.serving.ServeMain", "--store", store.toString(), "--events", events.toString(), "--port", "0",
        "--host", "127.0.0.1", "--no-request-log", "--poll-seconds", "3600");
    pb.environment().put("AFFINITY_ADMIN_TOKEN", TOKEN);
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static int port(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Pattern on = Pattern.compile("Affinity serving on http://[^:]+:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      Matcher m = on.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe from filling
            }
          } catch (java.io.IOException e) {
            // the process died: expected
          }
        }, "crash-it-drain");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server did not start");
  }

  @Test
  void every_acknowledged_event_survives_kill_minus_9() throws Exception {
    Path store = tmp.resolve("store");
    Path events = tmp.resolve("events");
    TestStores.publishFixture(store);
    Process p = server(store, events);
    Http http = new Http(port(p));
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Runnable client = () -> {
      while (failed.get() == 0) {
        int n = next.getAndIncrement();
        try {
          Http.Reply r = http.post("/v1/events", "{\"user_id\": \"u" + (n % 50) + "\", \"item_id\": \"a\","
              + " \"idempotency_key\": \"k-" + n + "\"}", "Authorization", "Bearer " + TOKEN);
          if (r.status() == 200) {
            acked.add("k-" + n);
          }
        } catch (RuntimeException e) {
          failed.incrementAndGet();
        }
      }
    };
    Thread a = new Thread(client, "crash-it-client-1");
    Thread b = new Thread(client, "crash-it-client-2");
    a.start();
    b.start();
    while (acked.size() < KILL_AFTER && failed.get() == 0) {
      Thread.sleep(5);
    }
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    a.join(30_000);
    b.join(30_000);
    assertEquals(137, p.exitValue(), "killed by SIGKILL");

    Set<String> stored = ConcurrentHashMap.newKeySet();
    Process again = server(store, events);
    try {
      Http restarted = new Http(port(again));
      assertEquals(200, restarted.post("/v1/events", "{\"user_id\": \"after\", \"item_id\": \"a\"}", "Authorization",
          "Bearer " + TOKEN).status(), "the log reopens and takes events after the crash");
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
    }
    try (FileEventLog log = FileEventLog.open(events)) {
      log.replay(0, e -> {
        if (e.event().idempotencyKey() != null) {
          stored.add(e.event().idempotencyKey());
        }
      });
    }
    System.out.printf("kill -9 after %d acknowledged events (%d requests sent); %d in the log after restart%n",
        acked.size(), next.get(), stored.size());
    assertTrue(acked.size() >= KILL_AFTER);
    for (String k : acked) {
      assertTrue(stored.contains(k), "acknowledged event " + k + " is missing from the log");
    }
  }
}
