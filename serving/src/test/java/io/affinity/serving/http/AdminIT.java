package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.read.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin routes (token, promote, rollback, gc), the read API key, CORS and the body limit. */
class AdminIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final String KEY = "read-key-0123456789ab";
  private static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN};
  @TempDir Path store;
  private ServingApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Http start(String token, String apiKey) {
    app = new ServingApp(TestStores.config(store).withSecrets(token, apiKey)
        .withLimits(256, 1024, List.of("https://shop.example.com"))).start();
    return new Http(app.port());
  }

  private static final List<String[]> ADMIN_ROUTES = List.of(
      new String[] {"POST", "/v1/admin/reload"}, new String[] {"GET", "/v1/admin/snapshots"},
      new String[] {"POST", "/v1/admin/snapshots/20261128T062404123Z-0a1b2c/promote"},
      new String[] {"POST", "/v1/admin/rollback"}, new String[] {"POST", "/v1/admin/gc?keep=1"},
      new String[] {"POST", "/v1/admin/events/roll"}, new String[] {"POST", "/v1/events"});

  private static Http.Reply call(Http http, String[] route, String... headers) {
    return route[0].equals("GET") ? http.get(route[1], headers) : http.post(route[1], "", headers);
  }

  @Test
  void every_admin_route_is_401_without_or_with_a_wrong_token_and_403_when_disabled() {
    Http http = start(TOKEN, null);
    // Every admin or write route the server registers is in the list (a new one cannot be missed).
    for (String r : app.routes()) {
      String[] mp = r.split(" ", 2);
      if (mp[1].startsWith("/v1/admin") || mp[1].equals("/v1/events")) {
        String regex = mp[1].replaceAll("\\{[^}]+}", "[^/]+");
        assertTrue(ADMIN_ROUTES.stream().anyMatch(a -> a[0].equals(mp[0]) && a[1].split("\\?")[0].matches(regex)),
            "admin route " + r + " is not checked for 401");
      }
    }
    for (String[] route : ADMIN_ROUTES) {
      for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong-token-0123456789"},
          new String[] {"Authorization", TOKEN}, new String[] {"X-Api-Key", TOKEN})) {
        Http.Reply r = call(http, route, headers);
        assertEquals(401, r.status(), route[1] + " " + String.join(":", headers));
        assertEquals("unauthorized", r.body().get("error").asText());
      }
    }
    app.close();
    http = start(null, null);
    for (String[] route : ADMIN_ROUTES) {
      Http.Reply r = call(http, route, ADMIN);
      assertEquals(403, r.status(), route[1]);
      assertEquals("forbidden", r.body().get("error").asText());
    }
  }

  @Test
  void promote_rollback_and_gc_change_what_is_served() throws Exception {
    String first = TestStores.publish(store, 1.0f);
    String second = TestStores.publish(store, 2.0f);
    Http http = start(TOKEN, null);
    TestStores.awaitServing(app, second);
    assertEquals(second, http.get("/v1/snapshot").snapshot());

    Http.Reply list = http.get("/v1/admin/snapshots", ADMIN);
    assertEquals(200, list.status());
    assertEquals(2, list.body().get("snapshots").size());
    assertTrue(list.body().get("snapshots").get(1).get("current").asBoolean());

    Http.Reply rollback = http.post("/v1/admin/rollback", "", ADMIN);
    assertEquals(200, rollback.status(), rollback.body().toString());
    assertEquals(first, rollback.body().get("current").asText());
    assertEquals(first, rollback.body().get("snapshot").asText(), "served before the reply");
    assertEquals(first, http.get("/v1/users/alice/recommendations").snapshot());
    assertEquals(409, http.post("/v1/admin/rollback", "", ADMIN).status(), "nothing older");

    Http.Reply promote = http.post("/v1/admin/snapshots/" + second + "/promote", "", ADMIN);
    assertEquals(200, promote.status(), promote.body().toString());
    assertTrue(promote.body().get("reloaded").asBoolean());
    assertEquals(second, http.get("/v1/users/alice/recommendations").snapshot());
    assertEquals(400, http.post("/v1/admin/snapshots/..%2F..%2Fetc/promote", "", ADMIN).status());
    assertEquals(404, http.post("/v1/admin/snapshots/20200101T000000000Z-000000/promote", "", ADMIN).status());

    Files.writeString(new StoreLayout(store).snapshotDir(first).resolve(
        new SnapshotStore(store).manifest(first).files().get(0).path()), "corrupted");
    Http.Reply corrupt = http.post("/v1/admin/snapshots/" + first + "/promote", "", ADMIN);
    assertEquals(409, corrupt.status(), corrupt.body().toString());
    assertEquals(second, http.get("/v1/snapshot").snapshot(), "a corrupt snapshot is never promoted");

    assertEquals(400, http.post("/v1/admin/gc?keep=0", "", ADMIN).status());
    Http.Reply gc = http.post("/v1/admin/gc?keep=1", "", ADMIN);
    assertEquals(200, gc.status(), gc.body().toString());
    assertEquals(List.of(first), List.of(gc.body().get("removedSnapshots").get(0).asText()));
    assertEquals(List.of(second), new SnapshotStore(store).list());
    assertEquals(200, http.get("/v1/users/alice/recommendations").status());
  }

  @Test
  void read_routes_need_the_api_key_when_configured_and_health_stays_open() {
    String id = TestStores.publishFixture(store);
    Http http = start(TOKEN, KEY);
    TestStores.awaitServing(app, id);
    for (String path : List.of("/v1/users/alice/recommendations", "/v1/items/a/similar", "/v1/snapshot")) {
      Http.Reply none = http.get(path);
      assertEquals(401, none.status(), path);
      assertTrue(none.body().get("message").asText().contains("X-Api-Key"), none.body().toString());
      assertEquals(401, http.get(path, "X-Api-Key", "wrong-key-0123456789").status(), path);
      assertEquals(200, http.get(path, "X-Api-Key", KEY).status(), path);
      assertEquals(200, http.get(path, "Authorization", "Bearer " + KEY).status(), path);
    }
    for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml")) {
      assertEquals(200, http.get(path).status(), path);
    }
  }

  @Test
  void cors_allows_the_configured_origin_only_and_big_bodies_get_a_json_413() {
    String id = TestStores.publishFixture(store);
    Http http = start(TOKEN, null);
    TestStores.awaitServing(app, id);
    Http.Reply allowed = http.get("/v1/items/a/similar", "Origin", "https://shop.example.com");
    assertEquals("https://shop.example.com", allowed.header("Access-Control-Allow-Origin"));
    Http.Reply other = http.get("/v1/items/a/similar", "Origin", "https://evil.example.com");
    assertEquals(null, other.header("Access-Control-Allow-Origin"));
    Http.Reply big = http.post("/v1/admin/reload", "x".repeat(2048), ADMIN);
    assertEquals(413, big.status());
    assertEquals("payload_too_large", big.body().get("error").asText());
    assertTrue(big.body().get("message").asText().contains("1024"), big.body().toString());
    assertFalse(big.body().toString().contains("Exception"));
  }
}
