package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.EventsConfig;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import io.affinity.store.events.FileEventLog;
import io.affinity.store.privacy.Pseudonymizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pseudonymize-users}: a store trained with pseudonyms is served by raw id with the same
 * key, ingested events are stored pseudonymised, and a server with no key or another key refuses
 * the snapshot instead of answering everyone with popular items.
 */
class PseudonymsIT {
  private static final Pseudonymizer KEY = new Pseudonymizer("0123456789abcdef0123456789abcdef");
  private static final String TOKEN = "admin-token-0123456789";
  @TempDir Path tmp;

  @Test
  void raw_ids_find_their_pseudonymised_users_and_events_are_stored_pseudonymised() {
    Path store = tmp.resolve("store");
    String id = TestStores.publishPseudonymized(store, KEY);
    try (ServingApp app = new ServingApp(TestStores.config(store).withPseudonyms(KEY).withSecrets(TOKEN, null)
        .withEvents(new EventsConfig(tmp.resolve("events"), null, Duration.ofHours(1)))).start()) {
      TestStores.awaitServing(app, id);
      Http http = new Http(app.port());
      Http.Reply r = http.get("/v1/users/alice/recommendations?k=3");
      assertEquals("personalized", r.body().get("source").asText());
      assertEquals("alice", r.body().get("user").asText(), "the response echoes the id the client sent");
      assertEquals(List.of("b", "e", "x/y"), r.ids());
      Http.Reply post = http.post("/v1/events", "{\"user_id\": \"alice\", \"item_id\": \"c\"}", "Authorization",
          "Bearer " + TOKEN);
      assertEquals(200, post.status(), post.body().toString());
      assertEquals("realtime", http.get("/v1/users/alice/recommendations").body().get("source").asText());
    }
    List<String> logged = new ArrayList<>();
    try (FileEventLog log = FileEventLog.open(tmp.resolve("events"))) {
      log.replay(0, e -> logged.add(e.event().userId()));
    }
    assertEquals(List.of(KEY.apply("alice")), logged, "the event log holds the pseudonym, not 'alice'");
  }

  @Test
  void a_server_without_the_key_or_with_another_refuses_the_snapshot() {
    Path store = tmp.resolve("store");
    TestStores.publishPseudonymized(store, KEY);
    for (Pseudonymizer server : new Pseudonymizer[] {null, new Pseudonymizer("another-key-0123456789abcdef012345")}) {
      try (ServingApp app = new ServingApp(TestStores.config(store).withPseudonyms(server)).start()) {
        assertFalse(app.refreshNow());
        assertNull(app.holder().current());
        Http.Reply ready = new Http(app.port()).get("/health/ready");
        assertEquals(503, ready.status());
        assertTrue(ready.body().toString().contains(server == null ? "--pseudonymize-users" : "another key"),
            ready.body().toString());
      }
    }
  }
}
