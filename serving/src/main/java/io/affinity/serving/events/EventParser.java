package io.affinity.serving.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.serving.http.ApiException;
import io.affinity.store.events.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns a request body into events: one JSON object, a JSON array of them, or NDJSON (one object
 * per line, {@code Content-Type: application/x-ndjson}). Each event is validated on its own; bad
 * ones are reported by index with the field and the reason, and the good ones are kept.
 *
 * <p>Fields: {@code user_id}, {@code item_id} (required strings, 1..max-id-length characters, no
 * control characters), {@code event_type} (string up to 64), {@code weight} (finite number
 * &gt;= 0), {@code ts} (epoch milliseconds or ISO-8601; from 1970 to one day ahead; default: the
 * time of receipt), {@code idempotency_key} (string up to 256). Any other field is an error.
 */
public final class EventParser {
  /** The most events one request may carry. */
  public static final int MAX_EVENTS = 10_000;
  private static final Set<String> FIELDS = Set.of("user_id", "item_id", "event_type", "weight", "ts",
      "idempotency_key");
  private static final Duration MAX_AHEAD = Duration.ofDays(1);
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final int maxIdLength;
  private final io.affinity.serving.http.UserIds ids;

  /** Creates a parser; timestamps are checked against {@code clock}. */
  public EventParser(Clock clock, int maxIdLength, io.affinity.serving.http.UserIds ids) {
    this.ids = ids;
    this.clock = clock;
    this.maxIdLength = maxIdLength;
  }

  /**
   * One rejected event.
   *
   * @param index its position in the request (0-based)
   * @param field the bad field, or null for the event as a whole
   * @param message what is wrong, naming the value
   */
  public record Rejected(int index, String field, String message) {}

  /**
   * The events of a request.
   *
   * @param events the valid events
   * @param indexes each valid event's position in the request
   * @param rejected the invalid ones
   */
  public record Parsed(List<Event> events, List<Integer> indexes, List<Rejected> rejected) {}

  /**
   * Parses a body.
   *
   * @throws ApiException 400 when the body as a whole is not JSON / NDJSON or has too many events
   */
  public Parsed parse(byte[] body, boolean ndjson) {
    List<JsonNode> nodes = new ArrayList<>();
    try {
      if (ndjson) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        for (int l = 0; l < lines.length; l++) {
          if (!lines[l].isBlank()) {
            nodes.add(readTree(lines[l].getBytes(StandardCharsets.UTF_8), "NDJSON line " + (l + 1)));
          }
        }
      } else {
        JsonNode root = readTree(body, "the body");
        if (root.isArray()) {
          root.forEach(nodes::add);
        } else {
          nodes.add(root);
        }
      }
    } catch (StackOverflowError e) {
      throw ApiException.badRequest("the body is nested too deeply");
    }
    if (nodes.isEmpty()) {
      throw ApiException.badRequest("the body holds no event");
    }
    if (nodes.size() > MAX_EVENTS) {
      throw ApiException.badRequest("the body holds " + nodes.size() + " events; the limit is " + MAX_EVENTS);
    }
    long now = clock.millis();
    List<Event> events = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (int x = 0; x < nodes.size(); x++) {
      try {
        events.add(event(nodes.get(x), now));
        indexes.add(x);
      } catch (BadField b) {
        rejected.add(new Rejected(x, b.field, b.getMessage()));
      }
    }
    return new Parsed(events, indexes, rejected);
  }

  private JsonNode readTree(byte[] bytes, String what) {
    try {
      JsonNode n = json.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw ApiException.badRequest(what + " is empty");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest(what + " is not valid JSON: " + io.affinity.serving.http.Params.abbreviate(
          e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.badRequest(what + " cannot be read: " + io.affinity.serving.http.Params.abbreviate(
          String.valueOf(e.getMessage())));
    }
  }

  private static final class BadField extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    BadField(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private Event event(JsonNode n, long now) throws BadField {
    if (!n.isObject()) {
      throw new BadField(null, "an event must be a JSON object, got " + n.getNodeType().name().toLowerCase());
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new BadField(f, "unknown field '" + io.affinity.serving.http.Params.abbreviate(f) + "'; expected one of "
            + new java.util.TreeSet<>(FIELDS));
      }
    }
    String user = string(n, "user_id", maxIdLength, true);
    String item = string(n, "item_id", maxIdLength, true);
    String type = string(n, "event_type", 64, false);
    String key = string(n, "idempotency_key", 256, false);
    Double weight = null;
    JsonNode w = n.get("weight");
    if (w != null && !w.isNull()) {
      if (!w.isNumber() || !Double.isFinite(w.asDouble()) || w.asDouble() < 0) {
        throw new BadField("weight", "weight must be a finite number >= 0, got " + abbreviate(w));
      }
      weight = w.asDouble();
    }
    long tsMillis = now;
    JsonNode t = n.get("ts");
    if (t != null && !t.isNull()) {
      if (t.isIntegralNumber() && t.canConvertToLong()) {
        tsMillis = t.asLong();
      } else if (t.isTextual()) {
        try {
          tsMillis = OffsetDateTime.parse(t.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
          throw new BadField("ts", "ts must be epoch milliseconds or ISO-8601 with an offset (2026-11-28T10:00:00Z),"
              + " got " + abbreviate(t));
        }
      } else {
        throw new BadField("ts", "ts must be epoch milliseconds or an ISO-8601 string, got " + abbreviate(t));
      }
      if (tsMillis < 0 || tsMillis > now + MAX_AHEAD.toMillis()) {
        throw new BadField("ts", "ts " + abbreviate(t) + " is " + (tsMillis < 0 ? "before 1970" : "more than a day"
            + " ahead of the server's clock (" + Instant.ofEpochMilli(now) + ")"));
      }
    }
    return new Event(ids.internal(user), item, type, weight, Math.multiplyExact(tsMillis, 1000L), key);
  }

  private static String string(JsonNode n, String field, int max, boolean required) throws BadField {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadField(field, field + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new BadField(field, field + " must be a string, got " + abbreviate(v));
    }
    String s = v.asText();
    if (s.isEmpty() || s.length() > max) {
      throw new BadField(field, field + " must be 1.." + max + " characters, got " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new BadField(field, field + " '" + io.affinity.serving.http.Params.abbreviate(s)
            + "' contains a control character at index " + i);
      }
    }
    return s;
  }

  private static String abbreviate(JsonNode v) {
    return io.affinity.serving.http.Params.abbreviate(v.toString());
  }
}
