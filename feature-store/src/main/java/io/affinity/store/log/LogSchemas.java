package io.affinity.store.log;

import io.affinity.store.parquet.Fields;
import io.affinity.store.parquet.RowEncoder;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Parquet schemas of the interaction log and the item catalog, and their row encoders. */
public final class LogSchemas {
  private LogSchemas() {}

  /**
   * The interaction log: {@code user_id string, item_id string, event_type string (nullable),
   * weight double (nullable), ts timestamp (UTC, microseconds)}.
   */
  public static final MessageType INTERACTIONS = MessageTypeParser.parseMessageType(
      "message spark_schema { optional binary user_id (STRING); optional binary item_id (STRING);"
          + " optional binary event_type (STRING); optional double weight;"
          + " optional int64 ts (TIMESTAMP(MICROS,true)); }");

  /** The item catalog: {@code item_id string, title string, tags array<string>, text string}. */
  public static final MessageType ITEMS = MessageTypeParser.parseMessageType(
      "message spark_schema { optional binary item_id (STRING); optional binary title (STRING);"
          + " optional group tags (LIST) { repeated group list { optional binary element (STRING); } }"
          + " optional binary text (STRING); }");

  /** Encodes an {@link Interaction}. */
  public static final RowEncoder<Interaction> INTERACTION_ENCODER = (r, out) -> {
    Fields.string(out, "user_id", 0, r.userId());
    Fields.string(out, "item_id", 1, r.itemId());
    Fields.string(out, "event_type", 2, r.eventType());
    Fields.float64(out, "weight", 3, r.weight());
    Fields.int64(out, "ts", 4, r.tsMicros());
  };

  /** Encodes a {@link CatalogItem}. */
  public static final RowEncoder<CatalogItem> ITEM_ENCODER = (r, out) -> {
    Fields.string(out, "item_id", 0, r.itemId());
    Fields.string(out, "title", 1, r.title());
    Fields.stringList(out, "tags", 2, r.tags());
    Fields.string(out, "text", 3, r.text());
  };
}
