package io.affinity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.affinity.serving.ServingApp;
import io.affinity.serving.config.EventsConfig;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server replicas sharing a Kafka event log (a real broker, KRaft mode, started in-process):
 * an event posted to one changes the other's next recommendation, a restarted replica catches up
 * from the topic, and roll-over hands the topic's events to batch.
 */
class KafkaReplicasIT {
  private static final String TOKEN = "admin-token-0123456789";
  private static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"};
  private static KafkaClusterTestKit kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).build()).build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static ServingApp replica(Path store, Path state, Path rollTo, String topic) {
    return new ServingApp(TestStores.config(store).withSecrets(TOKEN, null).withEvents(new EventsConfig(state, rollTo,
        Duration.ofHours(1), kafka.bootstrapServers(), topic))).start();
  }

  private static List<String> awaitChange(Http http, String path, List<String> from) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<String> now = http.get(path).ids();
    while (now.equals(from) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      now = http.get(path).ids();
    }
    return now;
  }

  @Test
  void an_event_posted_to_one_replica_changes_the_others_next_recommendation(@TempDir Path tmp) throws Exception {
    Path store = tmp.resolve("store");
    String id = TestStores.publishFixture(store);
    try (ServingApp a = replica(store, tmp.resolve("a"), tmp.resolve("rolled"), "events-1");
        ServingApp b = replica(store, tmp.resolve("b"), null, "events-1")) {
      TestStores.awaitServing(a, id);
      TestStores.awaitServing(b, id);
      Http ha = new Http(a.port());
      Http hb = new Http(b.port());
      List<String> before = hb.get("/v1/users/alice/recommendations?k=5").ids();
      assertEquals(List.of("b", "e", "x/y", "c", "d"), before);
      Http.Reply post = ha.post("/v1/events", "{\"user_id\": \"alice\", \"item_id\": \"c\", \"event_type\":"
          + " \"purchase\", \"idempotency_key\": \"o-1\"}", ADMIN);
      assertEquals(200, post.status(), post.body().toString());
      assertEquals(0, post.body().get("offsets").get(0).asLong(), "the first record of the topic");
      Http.Reply onA = ha.get("/v1/users/alice/recommendations?k=5");
      assertEquals("realtime", onA.body().get("source").asText(), "the receiving replica reads its own write");
      List<String> onB = awaitChange(hb, "/v1/users/alice/recommendations?k=5", before);
      assertEquals(onA.ids(), onB, "the other replica folded the same event in");
      assertFalse(onB.contains("c"));
      assertEquals("realtime", hb.get("/v1/users/alice/recommendations").body().get("source").asText());

      // The same idempotency key at the other replica, once it has consumed the original: stored once.
      Http.Reply replay = hb.post("/v1/events", "{\"user_id\": \"alice\", \"item_id\": \"c\", \"event_type\":"
          + " \"purchase\", \"idempotency_key\": \"o-1\"}", ADMIN);
      assertEquals(1, replay.body().get("duplicates").asInt(), replay.body().toString());

      // A replica started later catches up from the topic.
      try (ServingApp c = replica(store, tmp.resolve("c"), null, "events-1")) {
        TestStores.awaitServing(c, id);
        Http hc = new Http(c.port());
        assertEquals(onA.ids(), awaitChange(hc, "/v1/users/alice/recommendations?k=5", before));
      }

      // Roll-over reads the topic's data into the interaction-log layout.
      Http.Reply rolled = ha.post("/v1/admin/events/roll", "", ADMIN);
      assertEquals(200, rolled.status(), rolled.body().toString());
      assertEquals(1, rolled.body().get("events").asInt());
      try (var files = Files.walk(tmp.resolve("rolled"))) {
        assertEquals(1, files.filter(p -> p.getFileName().toString().equals("events-0-0.parquet")).count());
      }
    }
  }
}
