package io.affinity.store.events;

import io.affinity.store.log.Interaction;
import java.util.Objects;

/**
 * One interaction event as the event log stores it: the interaction-log fields plus an optional
 * idempotency key (a replayed event with a key already in the log is stored once).
 *
 * @param userId who acted
 * @param itemId on what
 * @param eventType what kind of event, or null
 * @param weight explicit strength, or null for the event type's default
 * @param tsMicros when, microseconds since the epoch (UTC)
 * @param idempotencyKey the client's key for this event, or null
 */
public record Event(String userId, String itemId, String eventType, Double weight, long tsMicros,
    String idempotencyKey) {
  /** Requires the ids. */
  public Event {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
  }

  /** The row this event becomes in the interaction log. */
  public Interaction interaction() {
    return new Interaction(userId, itemId, eventType, weight, tsMicros);
  }
}
