package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.snapshot.LoadedSnapshot;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients hammer the server while snapshots are published, swapped in (by the poller and by the
 * admin routes) and rolled back: no request may fail, and every response's items and scores must
 * belong to the snapshot its {@code X-Snapshot-Id} names. Snapshot {@code i} scales every item
 * vector by {@code i}, so alice's top score (0.9 x scale) identifies the snapshot that computed it.
 *
 * <p>32 client threads (so up to 32 connections) for {@code -Daffinity.swap.seconds} (10 in the
 * build, 60 from {@code scripts/reliability}), 10 publishes spread over that time, then a rollback.
 */
class SwapUnderLoadIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final int CLIENTS = Integer.getInteger("affinity.swap.clients", 32);
  private static final int SECONDS = Integer.getInteger("affinity.swap.seconds", 10);
  @TempDir Path store;

  @Test
  void no_request_fails_or_mixes_snapshots_while_snapshots_swap() throws Exception {
    Map<String, Float> scaleOf = new ConcurrentHashMap<>();
    scaleOf.put(TestStores.publish(store, 1f, true), 1f);
    List<LoadedSnapshot> served = new ArrayList<>();
    try (ServingApp app = new ServingApp(TestStores.config(store).withSecrets(TOKEN, null)
        .withSearch(1000, 0, io.affinity.serving.index.SearchBudget.DEFAULTS).withPollInterval(java.time.Duration.ofMillis(50))).start()) {
      while (app.holder().current() == null) {
        Thread.sleep(10);
      }
      served.add(app.holder().current());
      Http http = new Http(app.port());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger requests = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> new Thread(r, "load-client"));
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        boolean similar = c % 2 == 1;
        clients.add(pool.submit(() -> {
          long[] mine = new long[1 << 16];
          int n = 0;
          while (!stop.get()) {
            long t0 = System.nanoTime();
            Http.Reply r = similar ? http.get("/v1/items/c/similar?k=3") : http.get("/v1/users/alice/recommendations?k=3");
            if (n == mine.length) {
              mine = java.util.Arrays.copyOf(mine, 2 * n);
            }
            mine[n++] = System.nanoTime() - t0;
            requests.incrementAndGet();
            if (r.status() != 200) {
              failures.add(r.status() + " " + r.body());
              continue;
            }
            String id = r.snapshot();
            if (!id.equals(r.body().get("snapshot").asText())) {
              failures.add("header " + id + " but body " + r.body().get("snapshot"));
            }
            if (!similar) {
              double expected = 0.9 * scaleOf.get(id);
              double top = r.body().get("items").get(0).get("score").asDouble();
              if (Math.abs(top - expected) > 1e-4 * expected) {
                failures.add("snapshot " + id + " answered " + top + ", expected " + expected);
              }
            }
          }
          latencies.add(java.util.Arrays.copyOf(mine, n));
        }));
      }
      long pause = SECONDS * 1000L / 11;
      for (int i = 2; i <= 11; i++) {
        String id = TestStores.publish(store, i, true);
        scaleOf.put(id, (float) i);
        if (i % 2 == 0) {
          assertEquals(200, http.post("/v1/admin/reload", "", "Authorization", "Bearer " + TOKEN).status());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!app.holder().current().id().equals(id) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertEquals(id, app.holder().current().id(), "snapshot " + i + " served");
        served.add(app.holder().current());
        Thread.sleep(pause);
      }
      Http.Reply rollback = http.post("/v1/admin/rollback", "", "Authorization", "Bearer " + TOKEN);
      assertEquals(200, rollback.status(), rollback.body().toString());
      served.add(app.holder().current());
      Thread.sleep(pause);
      stop.set(true);
      for (Future<?> f : clients) {
        f.get();
      }
      pool.shutdown();
      long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
      System.out.printf(java.util.Locale.ROOT, "swap under load: %d clients, %d s, %d requests, %d snapshots swapped in"
          + " (10 publishes + 1 rollback), %d failures, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", CLIENTS,
          SECONDS, requests.get(), served.size(), failures.size(), all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
      assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
      assertTrue(requests.get() > 100, "the clients ran: " + requests.get());
      LoadedSnapshot current = app.holder().current();
      for (LoadedSnapshot s : served) {
        if (s != current) {
          assertEquals(0, s.refs().count(), "replaced snapshot " + s.id() + " released (its graphs closed)");
        }
      }
      assertEquals(1, current.refs().count(), "only the holder references the served snapshot when idle");
    }
  }
}
