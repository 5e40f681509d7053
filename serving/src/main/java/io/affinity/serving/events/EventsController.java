package io.affinity.serving.events;

import io.affinity.serving.foldin.FoldInService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/events} (admin/write token): validates the events, appends the valid ones to the
 * durable log (fsync before the reply) and folds them in. 200 with {@code accepted},
 * {@code duplicates} (idempotency keys already stored), {@code rejected} (index, field, message)
 * and {@code offsets}; 400 with the same {@code rejected} list when no event was valid; 503 when
 * the server runs without {@code --events}.
 */
public final class EventsController {
  private final EventParser parser;
  private final FoldInService foldIn;

  /** Creates the controller. */
  public EventsController(EventParser parser, FoldInService foldIn) {
    this.parser = parser;
    this.foldIn = foldIn;
  }

  /** Handles the route. */
  public void post(Context ctx) {
    if (!foldIn.ingestEnabled()) {
      throw io.affinity.serving.http.ApiException.unavailable(
          "real-time ingest is off: start the server with --events DIR");
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
    EventParser.Parsed p = parser.parse(ctx.bodyAsBytes(), type.contains("ndjson") || type.contains("jsonl"));
    Map<String, Object> body = new LinkedHashMap<>();
    if (p.events().isEmpty()) {
      body.put("error", "invalid_events");
      body.put("message", "all " + p.rejected().size() + " events were rejected; first: "
          + p.rejected().get(0).message());
      body.put("rejected", p.rejected());
      ctx.status(400).json(body);
      return;
    }
    FoldInService.Ingested r = foldIn.ingest(p.events());
    List<Long> offsets = new ArrayList<>();
    int duplicates = 0;
    for (long o : r.offsets()) {
      offsets.add(o);
      duplicates += o < 0 ? 1 : 0;
    }
    body.put("accepted", p.events().size() - duplicates);
    body.put("duplicates", duplicates);
    body.put("rejected", p.rejected());
    body.put("offsets", offsets);
    body.put("usersUpdated", r.usersUpdated());
    ctx.json(body);
  }
}
