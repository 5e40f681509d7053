package io.affinity.store.layout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Snapshot ids: {@code yyyyMMdd'T'HHmmssSSS'Z'-xxxxxx}, a UTC creation time to the millisecond and
 * six hex digits that tell apart snapshots created in the same millisecond. Lexicographic order is
 * creation order, so listing a store sorted by name lists it by age.
 */
public final class SnapshotIds {
  private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{6}");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private SnapshotIds() {}

  /**
   * Makes an id for a snapshot created at {@code createdAt}.
   *
   * @param suffix any number; its low 24 bits become the hex suffix
   */
  public static String create(Instant createdAt, int suffix) {
    byte[] b = {(byte) (suffix >>> 16), (byte) (suffix >>> 8), (byte) suffix};
    return FORMAT.format(createdAt) + "-" + HexFormat.of().formatHex(b);
  }

  /** When the snapshot {@code id} (valid) was created, to the millisecond. */
  public static Instant createdAt(String id) {
    return Instant.from(FORMAT.parse(requireValid(id).substring(0, 19)));
  }

  /** True when {@code id} has the id format. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * Returns {@code id} when valid.
   *
   * @throws IllegalArgumentException naming the bad id otherwise
   */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("invalid snapshot id '" + id
          + "': expected yyyyMMddTHHmmssSSSZ-xxxxxx (e.g. 20261128T062404123Z-0a1b2c)");
    }
    return id;
  }
}
