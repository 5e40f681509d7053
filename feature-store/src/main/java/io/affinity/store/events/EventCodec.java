package io.affinity.store.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary form of an event in a log record (strings as modified UTF-8, nulls flagged); also
 * the value of a record in the Kafka event log.
 */
public final class EventCodec {
  private static final int HAS_TYPE = 1;
  private static final int HAS_WEIGHT = 2;
  private static final int HAS_KEY = 4;
  /** The longest string a record field can hold (DataOutput's limit). */
  public static final int MAX_STRING_BYTES = 65_535;

  private EventCodec() {}

  /** Encodes an event. */
  public static byte[] encode(Event e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(e.userId());
      out.writeUTF(e.itemId());
      out.writeByte((e.eventType() == null ? 0 : HAS_TYPE) | (e.weight() == null ? 0 : HAS_WEIGHT)
          | (e.idempotencyKey() == null ? 0 : HAS_KEY));
      if (e.eventType() != null) {
        out.writeUTF(e.eventType());
      }
      if (e.weight() != null) {
        out.writeDouble(e.weight());
      }
      out.writeLong(e.tsMicros());
      if (e.idempotencyKey() != null) {
        out.writeUTF(e.idempotencyKey());
      }
    } catch (java.io.UTFDataFormatException ex) {
      throw new IllegalArgumentException("an event field is longer than " + MAX_STRING_BYTES + " bytes", ex);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  /** Decodes an event. */
  public static Event decode(byte[] payload) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      String user = in.readUTF();
      String item = in.readUTF();
      int flags = in.readByte();
      String type = (flags & HAS_TYPE) != 0 ? in.readUTF() : null;
      Double weight = (flags & HAS_WEIGHT) != 0 ? in.readDouble() : null;
      long ts = in.readLong();
      String key = (flags & HAS_KEY) != 0 ? in.readUTF() : null;
      return new Event(user, item, type, weight, ts, key);
    }
  }
}
