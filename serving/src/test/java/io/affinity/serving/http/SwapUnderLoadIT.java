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
 */
class SwapUnderLoadIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final int CLIENTS = 4;
  @TempDir Path store;

  @Test
  void no_request_fails_or_mixes_snapshots_while_snapshots_swap() throws Exception {
    Map<String, Float> scaleOf = new ConcurrentHashMap<>();
    scaleOf.put(TestStores.publish(store, 1f, true), 1f);
    List<LoadedSnapshot> served = new ArrayList<>();
    try (ServingApp app = new ServingApp(TestStores.config(store).withSecrets(TOKEN, null)
        .withSearch(1000, 0, 100).withPollInterval(java.time.Duration.ofMillis(50))).start()) {
      while (app.holder().current() == null) {
        Thread.sleep(10);
      }
      served.add(app.holder().current());
      Http http = new Http(app.port());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger requests = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> new Thread(r, "load-client"));
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        boolean similar = c % 2 == 1;
        clients.add(pool.submit(() -> {
          while (!stop.get()) {
            Http.Reply r = similar ? http.get("/v1/items/c/similar?k=3") : http.get("/v1/users/alice/recommendations?k=3");
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
        }));
      }
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
        Thread.sleep(100);
      }
      Http.Reply rollback = http.post("/v1/admin/rollback", "", "Authorization", "Bearer " + TOKEN);
      assertEquals(200, rollback.status(), rollback.body().toString());
      served.add(app.holder().current());
      Thread.sleep(200);
      stop.set(true);
      for (Future<?> f : clients) {
        f.get();
      }
      pool.shutdown();
      System.out.printf("swap under load: %d requests, %d snapshots swapped in, %d failures%n", requests.get(),
          served.size(), failures.size());
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
