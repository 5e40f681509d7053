package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.ServingApp;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.layout.StoreLayout;
import io.affinity.store.manifest.Manifest;
import io.affinity.store.read.SnapshotStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real server on a random port over a real store, called over real HTTP. */
class ServingAppIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path store;
  private ServingApp app;

  @BeforeEach
  void start() {
    ServingConfig cfg = TestStores.config(store);
    app = new ServingApp(cfg).start();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private record Reply(int status, JsonNode body, String snapshotHeader, String contentType) {}

  private Reply get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("X-Snapshot-Id").orElse(null),
        r.headers().firstValue("Content-Type").orElse(""));
  }

  private String loadFixture() {
    String id = TestStores.publishFixture(store);
    assertTrue(app.refreshNow(), "fixture snapshot loads");
    return id;
  }

  private static List<String> ids(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("items").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void ready_is_503_until_a_snapshot_is_loaded_and_live_is_always_200() throws Exception {
    Reply notReady = get("/health/ready");
    assertEquals(503, notReady.status());
    assertEquals("not_ready", notReady.body().get("status").asText());
    assertTrue(notReady.body().get("reason").asText().contains("_CURRENT"), notReady.body().toString());
    assertEquals(200, get("/health/live").status());
    Reply recs = get("/v1/users/alice/recommendations");
    assertEquals(503, recs.status());
    assertEquals("unavailable", recs.body().get("error").asText());

    String id = loadFixture();
    Reply ready = get("/health/ready");
    assertEquals(200, ready.status());
    assertEquals(id, ready.body().get("snapshot").asText());
    assertEquals(id, ready.snapshotHeader());
  }

  @Test
  void recommendations_exclude_items_the_user_already_knows_and_rank_by_inner_product() throws Exception {
    String id = loadFixture();
    Reply alice = get("/v1/users/alice/recommendations?k=10");
    assertEquals(200, alice.status());
    assertEquals(id, alice.snapshotHeader());
    assertEquals(id, alice.body().get("snapshot").asText());
    assertEquals("personalized", alice.body().get("source").asText());
    assertEquals("als", alice.body().get("space").asText());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), ids(alice.body()));
    assertEquals(0.9, alice.body().get("items").get(0).get("score").asDouble(), 1e-6);

    Reply bob = get("/v1/users/bob/recommendations?k=3");
    assertEquals(List.of("x/y", "b", "a"), ids(bob.body()), "known c and e excluded; tie a/d goes to a");
  }

  @Test
  void unknown_user_gets_popular_items() throws Exception {
    loadFixture();
    Reply r = get("/v1/users/nobody/recommendations?k=3");
    assertEquals(200, r.status());
    assertEquals("popular", r.body().get("source").asText());
    assertEquals(List.of("c", "a", "e"), ids(r.body()));
    assertEquals(3.0, r.body().get("items").get(0).get("score").asDouble());
  }

  @Test
  void similar_items_rank_by_cosine_and_never_include_the_item_itself() throws Exception {
    loadFixture();
    Reply r = get("/v1/items/a/similar?k=10");
    assertEquals(200, r.status());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), ids(r.body()));
    assertEquals(0.9 / Math.sqrt(0.82), r.body().get("items").get(0).get("score").asDouble(), 1e-5);
    Reply encoded = get("/v1/items/x%2Fy/similar?k=1");
    assertEquals(200, encoded.status(), encoded.body().toString());
    assertEquals("x/y", encoded.body().get("item").asText());
  }

  @Test
  void unknown_item_is_a_json_404_naming_it() throws Exception {
    loadFixture();
    Reply r = get("/v1/items/zzz/similar");
    assertEquals(404, r.status());
    assertEquals("not_found", r.body().get("error").asText());
    assertTrue(r.body().get("message").asText().contains("'zzz'"));
    assertTrue(r.contentType().startsWith("application/json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "1001", "abc", "1.5", "99999999999999999999", "%20"})
  void bad_k_is_a_json_400_naming_the_value(String k) throws Exception {
    loadFixture();
    for (String path : List.of("/v1/users/alice/recommendations?k=", "/v1/items/a/similar?k=")) {
      Reply r = get(path + k);
      assertEquals(400, r.status(), path + k);
      assertEquals("bad_request", r.body().get("error").asText());
      assertTrue(r.body().get("message").asText().startsWith("k must be"), r.body().toString());
      assertFalse(r.body().toString().contains("Exception"), "no stack trace or exception names");
    }
  }

  @Test
  void unknown_space_is_a_400_listing_the_available_ones() throws Exception {
    loadFixture();
    Reply r = get("/v1/users/alice/recommendations?space=nope");
    assertEquals(400, r.status());
    assertTrue(r.body().get("message").asText().contains("[als, sequence]"), r.body().toString());
  }

  @Test
  void the_sequence_space_answers_through_the_same_routes() throws Exception {
    loadFixture();
    Reply als = get("/v1/users/alice/recommendations?k=2");
    Reply seq = get("/v1/users/alice/recommendations?k=2&space=sequence");
    assertEquals(200, seq.status(), seq.body().toString());
    assertEquals("sequence", seq.body().get("space").asText());
    assertEquals("b", als.body().get("items").get(0).get("id").asText(), "ALS ranks b first for alice");
    assertEquals("c", seq.body().get("items").get(0).get("id").asText(), "the sequence vectors rank c first");
    Reply similar = get("/v1/items/d/similar?k=2&space=sequence");
    assertEquals(200, similar.status(), similar.body().toString());
    java.util.Set<String> ids = new java.util.HashSet<>();
    similar.body().get("items").forEach(i -> ids.add(i.get("id").asText()));
    assertEquals(java.util.Set.of("a", "x/y"), ids, "cosine 1 in the sequence space");
  }

  @Test
  void unknown_route_is_a_json_404() throws Exception {
    loadFixture();
    Reply r = get("/v1/nothing/here");
    assertEquals(404, r.status());
    assertEquals("not_found", r.body().get("error").asText());
  }

  @Test
  void snapshot_route_summarises_the_manifest() throws Exception {
    String id = loadFixture();
    Reply r = get("/v1/snapshot");
    assertEquals(200, r.status());
    assertEquals(id, r.body().get("snapshot").asText());
    assertEquals("als", r.body().get("spaces").get(0).get("name").asText());
    assertEquals(2, r.body().get("spaces").get(0).get("dimension").asInt());
    assertEquals(0.5, r.body().get("evaluation").get("models").get("als").get("ndcg@10").asDouble());
    assertEquals(12, r.body().get("files").asInt(), "7 Parquet tables (confidence included), a catalog part and 4 float32 sidecars");
    assertEquals("sequence", r.body().get("spaces").get(1).get("name").asText());
  }

  @Test
  void a_corrupt_new_snapshot_is_refused_and_the_previous_one_keeps_serving() throws Exception {
    String good = loadFixture();
    String bad = TestStores.publish(store, 2.0f);
    Manifest m = new SnapshotStore(store).manifest(bad);
    Path victim = new StoreLayout(store).snapshotDir(bad).resolve(m.files().get(0).path());
    Files.write(victim, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    assertFalse(app.refreshNow(), "corrupt snapshot must not be swapped in");
    Reply r = get("/v1/users/alice/recommendations");
    assertEquals(200, r.status());
    assertEquals(good, r.snapshotHeader());
    Reply info = get("/v1/snapshot");
    assertTrue(info.body().get("lastLoadFailure").asText().contains(bad), info.body().toString());
  }

  @Test
  void with_an_ann_index_the_same_answers_come_from_the_graph_and_say_so() throws Exception {
    app.close();
    app = new ServingApp(TestStores.config(store).withSearch(1000, 0, io.affinity.serving.index.SearchBudget.DEFAULTS)).start();
    TestStores.publish(store, 1.0f, true);
    assertTrue(app.refreshNow());
    Reply alice = get("/v1/users/alice/recommendations?k=10");
    assertEquals("ann", alice.body().get("search").asText());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), ids(alice.body()));
    assertEquals(0.9, alice.body().get("items").get(0).get("score").asDouble(), 1e-6, "scores are exact inner products");
    Reply similar = get("/v1/items/a/similar?k=10");
    assertEquals("ann", similar.body().get("search").asText());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), ids(similar.body()));
  }

  @Test
  void without_an_ann_index_search_is_exact_and_says_so() throws Exception {
    loadFixture();
    assertEquals("exact", get("/v1/users/alice/recommendations").body().get("search").asText());
    assertEquals("exact", get("/v1/items/a/similar").body().get("search").asText());
    assertFalse(get("/v1/users/nobody/recommendations").body().has("search"), "popular lists involve no search");
  }

  @Test
  void metrics_count_requests_by_route_template_and_status_and_describe_the_snapshot() throws Exception {
    String id = loadFixture();
    get("/v1/users/alice/recommendations");
    get("/v1/users/bob/recommendations");
    get("/v1/users/alice/recommendations?k=0");
    get("/v1/items/zzz/similar");
    get("/no/such/route");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String m = r.body();
    String recs = "method=\"GET\",route=\"/v1/users/{userId}/recommendations\"";
    assertTrue(m.contains("affinity_http_requests_total{" + recs + ",status=\"200\"} 2\n"), m);
    assertTrue(m.contains("affinity_http_requests_total{" + recs + ",status=\"400\"} 1\n"), m);
    assertTrue(m.contains("route=\"/v1/items/{itemId}/similar\",status=\"404\"} 1\n"), m);
    assertTrue(m.contains("route=\"unmatched\",status=\"404\"} 1\n"), m);
    assertFalse(m.contains("alice"), "raw paths never become labels");
    assertTrue(m.contains("affinity_http_request_seconds_bucket{" + recs + ",le=\"+Inf\"} 3\n"), m);
    assertTrue(m.contains("affinity_search_seconds_count{search=\"exact\"} 2\n"), m);
    assertTrue(m.contains("affinity_snapshot_info{snapshot=\"" + id + "\"} 1\n"), m);
    assertTrue(m.contains("affinity_snapshot_loads_total 1\n"), m);
    assertTrue(m.contains("affinity_snapshot_refused_total 0\n"), m);
    assertTrue(m.contains("affinity_snapshot_age_seconds "), m);

    String bad = TestStores.publish(store, 2.0f);
    Manifest man = new SnapshotStore(store).manifest(bad);
    Files.write(new StoreLayout(store).snapshotDir(bad).resolve(man.files().get(0).path()), new byte[] {1},
        StandardOpenOption.APPEND);
    assertFalse(app.refreshNow());
    String after = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(after.contains("affinity_snapshot_refused_total 1\n"), after);
    assertTrue(after.contains("affinity_snapshot_info{snapshot=\"" + id + "\"} 1\n"), "still serving the old one");
  }

  private Reply post(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("X-Snapshot-Id").orElse(null),
        r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void admin_reload_needs_the_token_and_swaps_the_current_snapshot_in() throws Exception {
    assertEquals(403, post("/v1/admin/reload", "Bearer anything-at-all-1234").status(), "disabled without a token");
    app.close();
    String token = "s3cret-token-0123456789";
    app = new ServingApp(TestStores.config(store).withSecrets(token, null)).start();
    Reply none = post("/v1/admin/reload", null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.body().get("error").asText());
    assertEquals(401, post("/v1/admin/reload", "Bearer wrong-token-0123456789").status());
    assertEquals(401, post("/v1/admin/reload", token).status(), "the Bearer scheme is required");

    String id = TestStores.publishFixture(store);
    Reply ok = post("/v1/admin/reload", "Bearer " + token);
    assertEquals(200, ok.status(), ok.body().toString());
    assertTrue(ok.body().get("reloaded").asBoolean());
    assertEquals(id, ok.body().get("snapshot").asText());
    assertEquals(id, get("/v1/users/alice/recommendations").snapshotHeader());
    assertFalse(post("/v1/admin/reload", "Bearer " + token).body().get("reloaded").asBoolean(), "nothing new");
  }

  @Test
  void the_admin_token_is_redacted_from_the_config_and_must_be_long_enough() {
    ServingConfig c = TestStores.config(store).withSecrets("0123456789abcdefXYZ", "api-key-0123456789-abc");
    assertFalse(c.toString().contains("0123456789abcdefXYZ"));
    assertFalse(c.toString().contains("api-key-0123456789-abc"));
    assertTrue(c.toString().contains("<redacted>"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TestStores.config(store).withSecrets("short", null));
    assertTrue(e.getMessage().contains("16"), e.getMessage());
  }

  @Test
  void a_new_valid_snapshot_is_swapped_in() throws Exception {
    String first = loadFixture();
    String second = TestStores.publish(store, 3.0f);
    assertTrue(app.refreshNow());
    Reply r = get("/v1/users/alice/recommendations?k=1");
    assertEquals(second, r.snapshotHeader());
    assertEquals(2.7, r.body().get("items").get(0).get("score").asDouble(), 1e-5);
    assertFalse(first.equals(second));
  }
}
