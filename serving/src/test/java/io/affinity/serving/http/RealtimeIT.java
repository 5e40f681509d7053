package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.serving.ServingApp;
import io.affinity.serving.config.EventsConfig;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.events.FileEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-time updates against a real server: events change the next recommendation, new users get
 * vectors, replays are stored once, bad events are reported by index, sessions and explanations
 * work, state survives a restart, and a new snapshot re-applies exactly the events it lacks.
 */
class RealtimeIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"};
  @TempDir Path tmp;
  private ServingApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Http start(Path store) {
    app = new ServingApp(TestStores.config(store).withSecrets(TOKEN, null)
        .withEvents(new EventsConfig(tmp.resolve("events"), tmp.resolve("rolled"), Duration.ofHours(1)))).start();
    return new Http(app.port());
  }

  private Http startWithFixture() {
    Path store = tmp.resolve("store");
    String id = TestStores.publishFixture(store);
    Http http = start(store);
    TestStores.awaitServing(app, id);
    return http;
  }

  @Test
  void an_event_changes_the_very_next_recommendation_and_is_excluded_from_it() {
    Http http = startWithFixture();
    Http.Reply before = http.get("/v1/users/alice/recommendations?k=5");
    assertEquals("personalized", before.body().get("source").asText());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), before.ids());
    Http.Reply post = http.post("/v1/events", "{\"user_id\": \"alice\", \"item_id\": \"c\", \"event_type\": \"purchase\"}",
        ADMIN);
    assertEquals(200, post.status(), post.body().toString());
    assertEquals(1, post.body().get("accepted").asInt());
    Http.Reply after = http.get("/v1/users/alice/recommendations?k=5");
    assertEquals("realtime", after.body().get("source").asText());
    assertFalse(after.ids().contains("c"), "the item just bought is now known: " + after.ids());
    assertFalse(after.ids().contains("a"), "and the snapshot's known items still are: " + after.ids());
    assertTrue(after.ids().indexOf("e") < after.ids().indexOf("b"),
        "a purchase of c (0,1) pulls alice towards e (0.5,0.5) and past b (0.9,0.1): " + after.ids());
  }

  @Test
  void a_new_user_gets_personal_recommendations_from_their_first_events() {
    Http http = startWithFixture();
    assertEquals("popular", http.get("/v1/users/zed/recommendations").body().get("source").asText());
    String ndjson = "{\"user_id\": \"zed\", \"item_id\": \"d\"}\n{\"user_id\": \"zed\", \"item_id\": \"d\", \"weight\": 2}\n";
    Http.Reply post = http.post("/v1/events", ndjson, "Authorization", "Bearer " + TOKEN,
        "Content-Type", "application/x-ndjson");
    assertEquals(2, post.body().get("accepted").asInt(), post.body().toString());
    Http.Reply r = http.get("/v1/users/zed/recommendations?k=2");
    assertEquals("realtime", r.body().get("source").asText());
    assertFalse(r.ids().contains("d"));
  }

  @Test
  void a_replayed_idempotency_key_is_stored_once() throws Exception {
    Http http = startWithFixture();
    String event = "[{\"user_id\": \"bob\", \"item_id\": \"a\", \"idempotency_key\": \"order-17\"}]";
    assertEquals(1, http.post("/v1/events", event, ADMIN).body().get("accepted").asInt());
    Http.Reply again = http.post("/v1/events", event, ADMIN);
    assertEquals(0, again.body().get("accepted").asInt());
    assertEquals(1, again.body().get("duplicates").asInt());
    assertEquals(-1, again.body().get("offsets").get(0).asLong());
    app.close();
    app = null;
    try (FileEventLog log = FileEventLog.open(tmp.resolve("events"))) {
      assertEquals(1, log.endOffset(), "one event in the log");
    }
  }

  @Test
  void bad_events_are_reported_by_index_and_field_while_good_ones_are_stored() {
    Http http = startWithFixture();
    String batch = "[{\"user_id\": \"alice\", \"item_id\": \"e\"}, {\"user_id\": \"\", \"item_id\": \"e\"},"
        + " {\"user_id\": \"alice\", \"item_id\": \"e\", \"weight\": -1}, {\"user_id\": \"alice\", \"item_id\": \"e\","
        + " \"ts\": \"yesterday\"}, {\"user_id\": \"alice\", \"item_id\": \"e\", \"ts\": 99999999999999},"
        + " {\"user_id\": \"alice\", \"itemid\": \"e\"}, 7]";
    Http.Reply r = http.post("/v1/events", batch, ADMIN);
    assertEquals(200, r.status(), r.body().toString());
    assertEquals(1, r.body().get("accepted").asInt());
    JsonNode rejected = r.body().get("rejected");
    assertEquals(6, rejected.size(), rejected.toString());
    String[] fields = {"user_id", "weight", "ts", "ts", "itemid", null};
    for (int x = 0; x < 6; x++) {
      assertEquals(x + 1, rejected.get(x).get("index").asInt());
      assertEquals(fields[x], rejected.get(x).path("field").isMissingNode() ? null : rejected.get(x).get("field").asText(),
          rejected.get(x).toString());
    }
    assertTrue(rejected.get(2).get("message").asText().contains("\"yesterday\""), rejected.get(2).toString());
    Http.Reply none = http.post("/v1/events", "[{\"user_id\": \"alice\"}]", ADMIN);
    assertEquals(400, none.status());
    assertEquals("invalid_events", none.body().get("error").asText());
    assertEquals("item_id", none.body().get("rejected").get(0).get("field").asText());
    Http.Reply notJson = http.post("/v1/events", "{\"user_id\": ", ADMIN);
    assertEquals(400, notJson.status());
    assertEquals("bad_request", notJson.body().get("error").asText());
    assertEquals(401, http.post("/v1/events", "{\"user_id\": \"a\", \"item_id\": \"b\"}").status());
  }

  @Test
  void a_session_gets_recommendations_without_its_own_items() {
    Http http = startWithFixture();
    Http.Reply r = http.post("/v1/recommendations/session", "{\"items\": [\"c\", \"nope\"], \"k\": 3}");
    assertEquals(200, r.status(), r.body().toString());
    assertEquals("session", r.body().get("source").asText());
    assertFalse(r.ids().contains("c"));
    assertEquals("e", r.ids().get(0), "nearest to c (0,1) by inner product among the rest: " + r.ids());
    assertEquals(400, http.post("/v1/recommendations/session", "{\"items\": [\"nope\"]}").status());
    assertEquals(400, http.post("/v1/recommendations/session", "{\"items\": [\"c\"], \"weights\": [1, 2]}").status());
    assertEquals(400, http.post("/v1/recommendations/session", "{\"itemz\": [\"c\"]}").status());
    assertEquals(400, http.post("/v1/recommendations/session", "[[[[").status());
  }

  @Test
  void an_explanation_lists_the_users_items_whose_contributions_sum_to_the_score() {
    Http http = startWithFixture();
    http.post("/v1/events", "{\"user_id\": \"bob\", \"item_id\": \"a\", \"event_type\": \"view\"}", ADMIN);
    Http.Reply r = http.get("/v1/users/bob/recommendations/b/because?k=5");
    assertEquals(200, r.status(), r.body().toString());
    JsonNode because = r.body().get("because");
    assertEquals(3, because.size(), "bob's items: c and e from the snapshot, a from the event: " + because);
    double sum = 0;
    for (JsonNode c : because) {
      sum += c.get("contribution").asDouble();
    }
    assertEquals(r.body().get("score").asDouble(), sum, 1e-9);
    assertEquals("a", because.get(0).get("itemId").asText(), "a (1,0) explains b (0.9,0.1) best: " + because);
    assertEquals(404, http.get("/v1/users/nobody/recommendations/b/because").status());
    assertEquals(404, http.get("/v1/users/bob/recommendations/nope/because").status());
  }

  @Test
  void state_is_rebuilt_after_a_restart_and_a_new_snapshot_reapplies_only_what_it_lacks() throws Exception {
    Path store = tmp.resolve("store");
    TestStores.publishFixture(store);
    Http http = start(store);
    TestStores.awaitServing(app, app.holder().current() == null ? waitAny() : app.holder().current().id());
    http.post("/v1/events", "{\"user_id\": \"alice\", \"item_id\": \"c\", \"event_type\": \"purchase\"}", ADMIN);
    List<String> folded = http.get("/v1/users/alice/recommendations").ids();
    app.close();

    http = start(store);
    TestStores.awaitServing(app, new io.affinity.store.read.SnapshotStore(store).current().orElseThrow());
    Http.Reply restarted = http.get("/v1/users/alice/recommendations");
    assertEquals("realtime", restarted.body().get("source").asText());
    assertEquals(folded, restarted.ids(), "the log was replayed on start");

    // A snapshot trained on the rolled log up to offset 0 already holds the event: nothing to re-apply.
    Files.createDirectories(tmp.resolve("other"));
    String covered = TestStores.publish(store, 1.0f, false, 0);
    assertTrue(app.refreshNow());
    TestStores.awaitServing(app, covered);
    assertEquals("personalized", http.get("/v1/users/alice/recommendations").body().get("source").asText());
    // One that predates the event gets it re-applied.
    String older = TestStores.publish(store, 1.0f, false, -1);
    assertTrue(app.refreshNow());
    TestStores.awaitServing(app, older);
    assertEquals("realtime", http.get("/v1/users/alice/recommendations").body().get("source").asText());
  }

  private String waitAny() {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (app.holder().current() == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return app.holder().current().id();
  }

  @Test
  void roll_over_writes_the_events_as_date_partitioned_parquet() throws Exception {
    Http http = startWithFixture();
    http.post("/v1/events", "[{\"user_id\": \"u1\", \"item_id\": \"a\", \"ts\": \"2026-11-27T10:00:00Z\"},"
        + " {\"user_id\": \"u2\", \"item_id\": \"b\", \"ts\": \"2026-11-28T10:00:00Z\"}]", ADMIN);
    Http.Reply r = http.post("/v1/admin/events/roll", "", ADMIN);
    assertEquals(200, r.status(), r.body().toString());
    assertEquals(2, r.body().get("events").asInt());
    assertTrue(Files.exists(tmp.resolve("rolled/date=2026-11-27/events-0-1.parquet")));
    assertTrue(Files.exists(tmp.resolve("rolled/date=2026-11-28/events-0-1.parquet")));
    assertEquals(0, http.post("/v1/admin/events/roll", "", ADMIN).body().get("events").asInt());
  }
}
