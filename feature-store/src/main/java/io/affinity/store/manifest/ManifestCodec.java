package io.affinity.store.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.affinity.store.StoreException;

/**
 * Reads and writes {@link Manifest} as JSON. Unknown fields are ignored so that older readers can
 * open newer minor revisions; a newer {@code formatVersion} is refused.
 *
 * <p>Thread-safe.
 */
public final class ManifestCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.INDENT_OUTPUT, true);

  private ManifestCodec() {}

  /** Serialises a manifest to pretty-printed UTF-8 JSON bytes. */
  public static byte[] toJson(Manifest manifest) {
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot serialise manifest of " + manifest.snapshotId(), e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @param json the manifest's bytes
   * @param where what to name in errors (usually the manifest's path)
   * @throws StoreException when the JSON is malformed, a field is invalid, or the format version
   *     is newer than this code reads
   */
  public static Manifest fromJson(byte[] json, String where) {
    Manifest m;
    try {
      m = MAPPER.readValue(json, Manifest.class);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new StoreException("malformed manifest " + where + ": " + rootMessage(e), e);
    }
    if (m == null) {
      throw new StoreException("malformed manifest " + where + ": empty document");
    }
    if (m.formatVersion() > Manifest.FORMAT_VERSION) {
      throw new StoreException("manifest " + where + " has formatVersion " + m.formatVersion()
          + "; this reader supports up to " + Manifest.FORMAT_VERSION);
    }
    return m;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    return msg == null ? t.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
  }
}
