package io.affinity.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.serving.ServingApp;
import io.affinity.serving.testing.Http;
import io.affinity.serving.testing.TestStores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exclude=} and {@code tags=} on both search routes, over the fixture (known items: alice
 * knows a; tags: Drama a, b, e; Comedy b, c, x/y), on the exact and the ANN path, and the limits on
 * ids.
 */
class FiltersIT {
  @TempDir Path store;
  private ServingApp app;

  @AfterEach
  void stop() {
    app.close();
  }

  private Http start(int exactBelow, boolean ann) {
    String id = TestStores.publish(store, 1.0f, ann);
    app = new ServingApp(TestStores.config(store).withSearch(1000, exactBelow, io.affinity.serving.index.SearchBudget.DEFAULTS)).start();
    TestStores.awaitServing(app, id);
    return new Http(app.port());
  }

  @Test
  void exclude_and_tags_restrict_recommendations_and_similar_items_exactly() {
    Http http = start(20_000, false);
    assertEquals(List.of("b", "e", "x/y", "c", "d"), http.get("/v1/users/alice/recommendations").ids());
    assertEquals(List.of("e", "x/y", "d"), http.get("/v1/users/alice/recommendations?exclude=b,c&exclude=zzz").ids(),
        "excluded ids removed, unknown ids ignored, known items still excluded");
    assertEquals(List.of("b", "e"), http.get("/v1/users/alice/recommendations?tags=drama").ids(),
        "tags match case-insensitively; known a stays excluded");
    assertEquals(List.of("b", "e", "x/y", "c"), http.get("/v1/users/alice/recommendations?tags=Drama,COMEDY").ids(),
        "any of the tags");
    assertEquals(List.of(), http.get("/v1/users/alice/recommendations?tags=western").ids(), "unknown tag: nothing");
    Http.Reply similar = http.get("/v1/items/a/similar?tags=comedy&exclude=b");
    assertEquals(List.of("x/y", "c"), similar.ids());
    assertEquals("exact", similar.body().get("search").asText());
    assertEquals(List.of("c", "b", "x/y"), http.get("/v1/users/nobody/recommendations?tags=comedy").ids(),
        "popular fallback honours tags");
    assertEquals(List.of("a", "e", "b"), http.get("/v1/users/nobody/recommendations?k=3&exclude=c").ids());
  }

  @Test
  void with_an_ann_index_a_filter_leaving_few_candidates_is_answered_exactly() {
    Http http = start(4, true); // 6 items >= 4: the graphs serve; a 3-item tag < 4: exact
    Http.Reply all = http.get("/v1/users/alice/recommendations");
    assertEquals("ann", all.body().get("search").asText());
    assertEquals(List.of("b", "e", "x/y", "c", "d"), all.ids());
    Http.Reply drama = http.get("/v1/users/alice/recommendations?tags=drama");
    assertEquals("exact", drama.body().get("search").asText());
    assertEquals(List.of("b", "e"), drama.ids());
    Http.Reply excluded = http.get("/v1/users/alice/recommendations?exclude=e,x/y");
    assertEquals("ann", excluded.body().get("search").asText(), "exclusions alone keep the graph path");
    assertEquals(List.of("b", "c", "d"), excluded.ids());
    Http.Reply similar = http.get("/v1/items/a/similar?tags=drama,comedy");
    assertEquals("ann", similar.body().get("search").asText(), "5 candidates >= 4");
    assertEquals(List.of("b", "e", "x/y", "c"), similar.ids());
  }

  @Test
  void over_long_ids_control_characters_and_huge_lists_are_json_400s() {
    Http http = start(20_000, false);
    Http.Reply longId = http.get("/v1/users/" + "u".repeat(257) + "/recommendations");
    assertEquals(400, longId.status());
    assertTrue(longId.body().get("message").asText().contains("limit is 256"), longId.body().toString());
    assertEquals(400, http.get("/v1/items/a%00b/similar").status());
    Http.Reply longExclude = http.get("/v1/items/a/similar?exclude=" + "x".repeat(300));
    assertEquals(400, longExclude.status());
    assertTrue(longExclude.body().get("message").asText().startsWith("exclude entry"), longExclude.body().toString());
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      many.append(i).append(',');
    }
    Http.Reply tooMany = http.get("/v1/users/alice/recommendations?exclude=" + many);
    assertEquals(400, tooMany.status());
    assertTrue(tooMany.body().get("message").asText().contains("more than 1000"), tooMany.body().toString());
    assertEquals(200, http.get("/v1/users/" + "u".repeat(256) + "/recommendations").status(), "256 is allowed");
  }
}
