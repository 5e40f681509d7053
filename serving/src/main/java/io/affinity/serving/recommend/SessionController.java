package io.affinity.serving.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.config.ServingConfig;
import io.affinity.serving.http.ApiException;
import io.affinity.serving.http.JsonResponses;
import io.affinity.serving.http.Params;
import io.affinity.serving.http.SnapshotContext;
import io.affinity.serving.snapshot.SnapshotHolder;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/recommendations/session} with a JSON body {@code {"items": ["a", "b"],
 * "weights": [1, 2], "k": 10, "exclude": [...], "tags": [...]}}: recommendations for an anonymous
 * visitor from the items of their session (weights optional, 1 each), folded in like a user's
 * events; the session's items are never returned. 400 names the bad field.
 */
public final class SessionController {
  private static final Set<String> FIELDS = Set.of("items", "weights", "k", "exclude", "tags");
  private final ObjectMapper json = new ObjectMapper();
  private final RecommendService service;
  private final SnapshotHolder holder;
  private final ServingConfig config;

  /** Creates the controller. */
  public SessionController(RecommendService service, SnapshotHolder holder, ServingConfig config) {
    this.service = service;
    this.holder = holder;
    this.config = config;
  }

  /** Handles the route. */
  public void post(Context ctx) {
    var snap = SnapshotContext.require(ctx, holder);
    JsonNode body;
    try {
      body = json.readTree(ctx.bodyAsBytes());
    } catch (IOException | StackOverflowError e) {
      throw ApiException.badRequest("the body must be a JSON object like {\"items\": [\"a\", \"b\"]}");
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object like {\"items\": [\"a\", \"b\"]}");
    }
    body.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw ApiException.badRequest("unknown field '" + Params.abbreviate(f) + "'; expected one of "
            + new java.util.TreeSet<>(FIELDS));
      }
    });
    List<String> items = strings(body.get("items"), "items");
    if (items.isEmpty()) {
      throw ApiException.badRequest("items must list at least one item id");
    }
    List<Double> weights = null;
    JsonNode w = body.get("weights");
    if (w != null && !w.isNull()) {
      if (!w.isArray() || w.size() != items.size()) {
        throw ApiException.badRequest("weights must be an array with one number per item (" + items.size() + ")");
      }
      weights = new ArrayList<>();
      for (JsonNode x : w) {
        if (!x.isNumber() || !Double.isFinite(x.asDouble()) || x.asDouble() < 0) {
          throw ApiException.badRequest("weights must be finite numbers >= 0, got " + Params.abbreviate(x.toString()));
        }
        weights.add(x.asDouble());
      }
    }
    JsonNode kNode = body.get("k");
    int k = Params.k(kNode == null || kNode.isNull() ? null : kNode.asText(), config.defaultK(), config.maxK());
    var filter = new io.affinity.serving.snapshot.ItemFilter(strings(body.get("exclude"), "exclude"),
        strings(body.get("tags"), "tags"));
    JsonResponses.write(ctx, service.session(snap, items, weights, k, filter));
  }

  private List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw ApiException.badRequest(field + " must be an array of strings");
    }
    if (n.size() > Params.MAX_LIST) {
      throw ApiException.badRequest(field + " lists more than " + Params.MAX_LIST + " entries");
    }
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        throw ApiException.badRequest(field + " must be an array of strings, got " + Params.abbreviate(x.toString()));
      }
      out.add(Params.id(x.asText(), field + " entry", config.maxIdLength()));
    }
    return out;
  }
}
